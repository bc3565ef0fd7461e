using CellActors.Storage;

namespace CellActors.Results.Formats;

/// <summary>
/// Exports to HDFS: an export whose target is an HDFS location (<c>webhdfs://</c>, <c>hdfs://</c>) is written to a local
/// staging folder first, then each file is uploaded under a temporary name beside its target and renamed over it
/// (<see cref="IFileStorage.UploadAtomicAsync"/>), so readers never see a half-written file. Local targets are written as before.
/// </summary>
public static class ExportTarget
{
    /// <summary>True when <paramref name="target"/> is an HDFS location.</summary>
    public static bool IsRemote(string target) => Storages.IsRemote(target);

    /// <summary>Writes one file: <paramref name="writeLocal"/> writes it to the local path it is given, which is then uploaded to <paramref name="target"/>.</summary>
    public static T File<T>(string target, Func<string, T> writeLocal)
    {
        var storage = Storages.For(target); // a malformed URL fails before any work
        using var staging = new Staging();
        var local = Path.Combine(staging.Path, "export" + Path.GetExtension(target));
        var result = writeLocal(local);
        storage.UploadAtomicAsync(local, target).GetAwaiter().GetResult();
        return result;
    }

    /// <summary>Writes a folder: <paramref name="writeLocal"/> fills the local folder it is given; every file in it is then uploaded into <paramref name="target"/>.</summary>
    public static T Folder<T>(string target, Func<string, T> writeLocal)
    {
        var storage = Storages.For(target);
        using var staging = new Staging();
        var result = writeLocal(staging.Path);
        storage.CreateDirectoryAsync(target).GetAwaiter().GetResult();
        foreach (var file in Directory.EnumerateFiles(staging.Path).Order(StringComparer.Ordinal))
            storage.UploadAtomicAsync(file, storage.Combine(target, Path.GetFileName(file))).GetAwaiter().GetResult();
        return result;
    }

    /// <summary>Writes a folder tree: like <see cref="Folder{T}"/>, but files in subfolders keep their relative folders under <paramref name="target"/>.</summary>
    public static T Tree<T>(string target, Func<string, T> writeLocal)
    {
        var storage = Storages.For(target);
        using var staging = new Staging();
        var result = writeLocal(staging.Path);
        storage.CreateDirectoryAsync(target).GetAwaiter().GetResult();
        foreach (var dir in Directory.EnumerateDirectories(staging.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            storage.CreateDirectoryAsync(Remote(storage, target, Path.GetRelativePath(staging.Path, dir))).GetAwaiter().GetResult();
        foreach (var file in Directory.EnumerateFiles(staging.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            storage.UploadAtomicAsync(file, Remote(storage, target, Path.GetRelativePath(staging.Path, file))).GetAwaiter().GetResult();
        return result;
    }

    /// <summary>Writes several files beside each other: <paramref name="writeLocal"/> writes them into the local folder it is given, under the names of <paramref name="targets"/>' last segments; each is then uploaded to its target.</summary>
    public static T Files<T>(IReadOnlyList<string> targets, Func<string, T> writeLocal)
    {
        ArgumentNullException.ThrowIfNull(targets);
        using var staging = new Staging();
        var result = writeLocal(staging.Path);
        foreach (var target in targets)
        {
            var storage = Storages.For(target);
            storage.UploadAtomicAsync(Path.Combine(staging.Path, LastSegment(target)), target).GetAwaiter().GetResult();
        }
        return result;
    }

    /// <summary>The last '/'-separated segment of a location (its file name).</summary>
    public static string LastSegment(string location) => location.TrimEnd('/').Split('/')[^1];

    private static string Remote(IFileStorage storage, string target, string relative)
    {
        var location = target;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar)) location = storage.Combine(location, part);
        return location;
    }

    /// <summary>The location of <paramref name="name"/> in the target folder.</summary>
    public static string Combine(string target, string name) => Storages.For(target).Combine(target, name);

    private sealed class Staging : IDisposable
    {
        public Staging() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cellactors-export-{Guid.NewGuid():N}");

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
