using System.Text;

namespace CellActors.Results.Formats;

/// <summary>
/// Exports one measurement table (objects, frames or tracks) as a CSV with CellProfiler-style column names and units
/// in the names where known (<see cref="MeasurementTable"/>, <see cref="MeasurementColumns"/>): one row per object,
/// frame or track, every column of the table except the RLE.
/// </summary>
public static class MeasurementsExport
{
    /// <summary>Writes the CSV to <paramref name="csvPath"/> (local, or an HDFS location through <see cref="ExportTarget"/>). Returns the rows written.</summary>
    /// <exception cref="InvalidDataException">tracks asked for a job that is not tracked.</exception>
    public static long Export(string results, string csvPath, MeasurementLevel level = MeasurementLevel.Objects, string? job = null)
    {
        if (ExportTarget.IsRemote(csvPath))
        {
            using (var check = ResultsDatabase.Open(results, job)) MeasurementTable.Open(check, level);
            return ExportTarget.File(csvPath, local => Export(results, local, level, job));
        }
        using var db = ResultsDatabase.Open(results, job);
        var table = MeasurementTable.Open(db, level);
        var dir = Path.GetDirectoryName(Path.GetFullPath(csvPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var w = new StreamWriter(csvPath, false, new UTF8Encoding(false)) { NewLine = "\n" };
        w.WriteLine(string.Join(',', table.Headers.Select(Quote)));
        long n = 0;
        foreach (var row in table.Rows())
        {
            w.WriteLine(string.Join(',', row.Select(v => Quote(MeasurementTable.Format(v)))));
            n++;
        }
        return n;
    }

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
