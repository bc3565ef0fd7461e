using CellActors.Results.Formats;
using Parquet.Serialization;
using Xunit;

namespace CellActors.Results.Tests.Formats;

public sealed class ParquetExportSpecs : IDisposable
{
    private readonly ResultsFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Frames_objects_and_tracks_are_written_with_their_columns()
    {
        _dir.Write("j", "D", "01",
            ("D/01/t0000", 0, 3, 4, ["1 2", "7 3"]),
            ("D/01/t0001", 1, 3, 4, []));
        var s = await ParquetExport.Export(_dir.Dir, _dir.Sub("pq"));
        Assert.Equal((2L, 2L, 0L), (s.Frames, s.Objects, s.Tracks));
        var frames = (await ParquetSerializer.DeserializeAsync<FrameParquetRow>(s.FramesPath)).Data;
        Assert.Equal(["D/01/t0000", "D/01/t0001"], frames.Select(f => f.ImageId));
        Assert.Equal((3, 4), (frames[0].Height, frames[0].Width));
        var objects = (await ParquetSerializer.DeserializeAsync<ObjectParquetRow>(s.ObjectsPath)).Data;
        Assert.Equal(["1 2", "7 3"], objects.Select(o => o.Rle));
        Assert.All(objects, o => Assert.Null(o.TrackId));
        Assert.True(File.Exists(s.TracksPath));
    }
}
