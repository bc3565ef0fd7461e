using CellActors.Imaging;
using CellActors.Imaging.Evaluation;
using CellActors.Reading.Evaluation;
using CellActors.Results.Formats;
using Microsoft.Data.Sqlite;
using OpenCvSharp;
using Xunit;

namespace CellActors.Results.Tests.Formats;

public sealed class CtcGroundTruthSpecs : IDisposable
{
    private readonly ResultsFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir.Sub("db"), "cellactors.db"), Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private static List<object?[]> Rows(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (int i = 0; i < r.FieldCount; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private static string Dump(SqliteConnection c) => string.Join("\n",
        new[] { "gt_frames", "gt_objects", "gt_tracks" }.SelectMany(t => Rows(c, $"SELECT * FROM {t} ORDER BY 1, 2, 3, 4").Select(r => t + ": " + string.Join("|", r))));

    [Fact]
    public void Import_then_decoding_the_rle_from_SQL_gives_every_ground_truth_mask_exactly()
    {
        var s = SyntheticTimeLapse.Generate(_dir.Sub("data"), new SynthOptions(Frames: 5, Height: 72, Width: 90, InitialCells: 6, Seed: 21));
        var gt = s.SequencePath + "_GT";
        var summary = CtcGroundTruth.Import(gt, _dir.Sub("db"));
        Assert.Equal(("Synth-N2DH/01_GT", "Synth-N2DH", "01"), (summary.Import.Job, summary.Import.Dataset, summary.Import.Sequence));
        Assert.Equal((5, 5), (summary.Import.SegFrames, summary.Import.TraFrames));

        using var c = Open();
        foreach (var (source, files) in new[] { ("SEG", CtcFolder.SegFiles(gt)), ("TRA", CtcFolder.TraFiles(gt)) })
        {
            foreach (var f in files)
            {
                var expected = CtcFolder.ReadLabels(f.Path);
                string id = $"Synth-N2DH/01/t{f.T:D4}";
                var frame = Rows(c, $"SELECT height, width, object_count, t, z FROM gt_frames WHERE source = '{source}' AND image_id = '{id}'").Single();
                Assert.Equal(new object?[] { (long)expected.Height, (long)expected.Width, (long)CtcFolder.LabelsIn(expected).Count, (long)f.T, 0L }, frame);
                var decoded = new int[expected.Labels.Length];
                foreach (var o in Rows(c, $"SELECT label, rle, area FROM gt_objects WHERE source = '{source}' AND image_id = '{id}' ORDER BY label"))
                {
                    int label = (int)(long)o[0]!;
                    Rle.DecodeInto((string)o[1]!, label, decoded, (int)(long)frame[0]!, (int)(long)frame[1]!);
                    Assert.Equal(expected.Labels.Count(v => v == label), (long)o[2]!);
                }
                Assert.Equal(expected.Labels, decoded);
            }
        }
        var tracks = CtcTrackFile.Read(CtcFolder.ReferenceTrackFile(gt));
        var stored = Rows(c, "SELECT label, t_start, t_end, parent_label FROM gt_tracks ORDER BY label")
            .Select(r => new CtcTrack((int)(long)r[0]!, (int)(long)r[1]!, (int)(long)r[2]!, r[3] is null ? 0 : (int)(long)r[3]!));
        Assert.Equal(tracks.OrderBy(t => t.Label), stored);
    }

    [Fact]
    public void Importing_again_gives_the_same_tables_and_another_job_adds_beside_it()
    {
        var s = SyntheticTimeLapse.Generate(_dir.Sub("data"), new SynthOptions(Frames: 3, Height: 64, Width: 64, InitialCells: 4, Seed: 2));
        var gt = s.SequencePath + "_GT";
        CtcGroundTruth.Import(gt, _dir.Sub("db"));
        string first;
        using (var c = Open()) first = Dump(c);
        CtcGroundTruth.Import(gt, _dir.Sub("db"));
        using (var c = Open())
        {
            Assert.Equal(first, Dump(c));
            Assert.Single(Rows(c, "SELECT * FROM gt_imports"));
        }
        CtcGroundTruth.Import(gt, _dir.Sub("db"), job: "again");
        using (var c = Open())
        {
            Assert.Equal(2L, Rows(c, "SELECT COUNT(*) FROM gt_imports")[0][0]);
            Assert.Equal(Rows(c, "SELECT COUNT(*) FROM gt_objects WHERE job = 'again'")[0][0], Rows(c, "SELECT COUNT(*) FROM gt_objects WHERE job = 'Synth-N2DH/01_GT'")[0][0]);
        }
    }

    [Fact]
    public void Volumes_give_one_row_per_slice_and_partial_slices_keep_their_z()
    {
        var gt = _dir.Sub("Vol/02_GT");
        Directory.CreateDirectory(Path.Combine(gt, "SEG"));
        Directory.CreateDirectory(Path.Combine(gt, "TRA"));
        using (var a = new Mat(2, 3, MatType.CV_16UC1, Scalar.All(0)))
        using (var b = new Mat(2, 3, MatType.CV_16UC1, Scalar.All(0)))
        {
            a.Set(0, 0, (ushort)5);
            b.Set(1, 2, (ushort)5);
            b.Set(1, 1, (ushort)6);
            Assert.True(Cv2.ImWrite(Path.Combine(gt, "TRA", "man_track000.tif"), [a, b]));
        }
        CtcFolder.WriteLabels(Path.Combine(gt, "SEG", "man_seg_000_001.tif"), new LabelImage(2, 3, [0, 0, 0, 0, 3, 3], 3));
        File.WriteAllText(Path.Combine(gt, "TRA", "man_track.txt"), "5 0 0 0\n6 0 0 0\n");
        var s = CtcGroundTruth.Import(gt, _dir.Sub("db"));
        Assert.Equal(("Vol/02_GT", 1, 2, 1L, 3L), (s.Import.Job, s.Import.SegFrames, s.Import.TraFrames, s.Import.SegObjects, s.Import.TraObjects));
        using var c = Open();
        var frames = Rows(c, "SELECT source, image_id, z, page, object_count FROM gt_frames ORDER BY source, image_id");
        Assert.Equal(
            [
                ["SEG", "Vol/02/t0000/z0001", 1L, 0L, 1L],
                ["TRA", "Vol/02/t0000/z0000", 0L, 0L, 1L],
                ["TRA", "Vol/02/t0000/z0001", 1L, 1L, 2L],
            ],
            frames);
        // Label 5 at row 1, column 2 of slice 1: column-major pixel index 2·2 + 1 = 5, 1-based 6.
        Assert.Equal("6 1", Rows(c, "SELECT rle FROM gt_objects WHERE image_id = 'Vol/02/t0000/z0001' AND source = 'TRA' AND label = 5")[0][0]);
    }

    [Fact]
    public void A_folder_not_named_NN_GT_needs_a_sequence_and_a_broken_track_file_writes_nothing()
    {
        var s = SyntheticTimeLapse.Generate(_dir.Sub("data"), new SynthOptions(Frames: 2, Height: 48, Width: 48, InitialCells: 2, Seed: 1));
        var gt = s.SequencePath + "_GT";
        var renamed = _dir.Sub("data/Synth-N2DH/truth");
        Directory.Move(gt, renamed);
        Assert.Contains("--sequence", Assert.Throws<ArgumentException>(() => CtcGroundTruth.Import(renamed, _dir.Sub("db"))).Message);
        var ok = CtcGroundTruth.Import(renamed, _dir.Sub("db"), sequence: "07", dataset: "D");
        Assert.Equal("D/07_GT", ok.Import.Job);

        File.AppendAllText(Path.Combine(renamed, "TRA", "man_track.txt"), "9 1\n");
        var ex = Assert.Throws<InvalidDataException>(() => CtcGroundTruth.Import(renamed, _dir.Sub("db"), job: "broken", sequence: "07"));
        Assert.Contains("man_track.txt line", ex.Message);
        using var c = Open();
        Assert.Empty(Rows(c, "SELECT * FROM gt_frames WHERE job = 'broken'"));
        Assert.Throws<DirectoryNotFoundException>(() => CtcGroundTruth.Import(_dir.Sub("nope/01_GT"), _dir.Sub("db")));
    }

    [Fact]
    public void A_version_1_database_opens_gains_the_ground_truth_tables_and_keeps_its_rows()
    {
        _dir.Write("old", "A", "01", ("A/01/t0000", 0, 2, 2, ["1 2"]));
        var db = Path.Combine(_dir.Dir, "cellactors.db");
        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            // A version 1 database, as the program of that version left it: no ground-truth tables, its version in
            // PRAGMA user_version and no schema_version table (that came later).
            cmd.CommandText = Sql.SchemaMigrationsSpecs.UndoAfter3 + "DROP TABLE gt_imports; DROP TABLE gt_frames; DROP TABLE gt_objects; DROP TABLE gt_tracks; DROP TABLE schema_version; PRAGMA user_version = 1;";
            cmd.ExecuteNonQuery();
        }
        using (var store = ResultStore.OpenSqlite(db))
            Assert.Equal("old", store.GetJob("old")!.Job);
        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            Assert.Equal(Schema.Version, (long)Rows(c, "PRAGMA user_version")[0][0]!);
            Assert.Equal(0L, Rows(c, "SELECT COUNT(*) FROM gt_objects")[0][0]);
            Assert.Equal("1 2", Rows(c, "SELECT rle FROM objects WHERE job = 'old'")[0][0]);
        }
    }

    [Fact]
    public void A_database_of_a_newer_schema_is_refused_for_writing()
    {
        var db = Path.Combine(_dir.Dir, "cellactors.db");
        ResultStore.OpenSqlite(db).Dispose();
        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"PRAGMA user_version = {Schema.Version + 1};";
            cmd.ExecuteNonQuery();
        }
        var ex = Assert.Throws<InvalidDataException>(() => ResultStore.OpenSqlite(db));
        Assert.Contains("newer", ex.Message);
        Assert.Contains(db, ex.Message);
    }
}
