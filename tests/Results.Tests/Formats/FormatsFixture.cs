using CellActors.Messages;

namespace CellActors.Results.Tests.Formats;

/// <summary>A temporary results folder with a small job written through <see cref="ResultStore"/>, as the pipeline writes it.</summary>
internal sealed class ResultsFolder : IDisposable
{
    public ResultsFolder() => Directory.CreateDirectory(Dir);

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "cellactors-formats", Guid.NewGuid().ToString("N")[..12]);

    public string Sub(string name) => Path.Combine(Dir, name);

    /// <summary>Writes job <paramref name="job"/>: frames of (image id, t, h, w, rles) in dataset/sequence.</summary>
    public void Write(string job, string dataset, string sequence, params (string Id, int T, int H, int W, string[] Rles)[] frames)
    {
        using var store = ResultStore.OpenSqlite(Path.Combine(Dir, "cellactors.db"));
        store.CreateJob(job, "test", "fp", 8, frames.Select((f, i) => new FrameRef(i, dataset, sequence, f.T, 0, "u", 0, f.Id)), []);
        int run = store.StartRun(job);
        var fr = frames.Select(f => new FrameRow(f.Id, dataset, sequence, f.T, 0, f.H, f.W, f.Rles.Length, 0, (long)f.H * f.W, 0, 0, 0, 0, 0, "u", 0)).ToList();
        var ob = frames.SelectMany(f => f.Rles.Select((r, i) => new ObjectRow(f.Id, i + 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, r))).ToList();
        store.CommitBatch(job, 0, run, fr, ob, []);
        store.EndRun(job, run, RunStatus.Completed);
        store.CompleteJob(job);
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
