namespace CellActors.TestSupport;

/// <summary>A fresh temporary folder (under <c>$TMPDIR/cellactors-tests</c>) deleted when disposed.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>Creates the folder; <paramref name="prefix"/> starts its name (for finding it while debugging).</summary>
    public TempDir(string prefix = "")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cellactors-tests", prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Full path of <paramref name="name"/> inside the folder (nothing is created).</summary>
    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Full path of the file <paramref name="relative"/> inside the folder, creating its parent folders.</summary>
    public string File(string relative)
    {
        var p = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        return p;
    }

    /// <summary>Creates (and returns) a subfolder.</summary>
    public string Dir(string relative) => Directory.CreateDirectory(System.IO.Path.Combine(Path, relative)).FullName;

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
