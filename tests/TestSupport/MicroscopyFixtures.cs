using System.Diagnostics;

namespace CellActors.TestSupport;

/// <summary>
/// The small microscopy files of <c>Fixtures/make_fixtures.py</c> (ImageJ hyperstacks, OME-TIFF, colour TIFF/PNG,
/// OME-Zarr, bad metadata), written by independent writers (Debian's python3-tifffile, python3-zarr,
/// python3-numcodecs, python3-pil; test.sh installs them), and the formula every plane follows.
/// </summary>
public static class MicroscopyFixtures
{
    /// <summary>Height of every fixture plane.</summary>
    public const int Height = 12;

    /// <summary>Width of every fixture plane.</summary>
    public const int Width = 16;

    /// <summary>The fixture pixel at (y, x) of series s, time t, channel c, slice z (as make_fixtures.py writes it).</summary>
    public static ushort Value(int s, int t, int c, int z, int y, int x) => (ushort)(5000 * s + 1000 * t + 100 * c + 10 * z + (3 * y + x) % 10);

    /// <summary>Writes every fixture under <paramref name="dir"/>; throws with the script's output when it fails.</summary>
    public static void Generate(string dir)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "make_fixtures.py");
        var psi = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(dir);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start python3");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000)) { p.Kill(); throw new TimeoutException($"{script} did not finish in 120 s"); }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed ({p.ExitCode}); it needs python3-tifffile, python3-zarr, python3-numcodecs, python3-pil (scripts/install-prereqs.sh):\n{stdout}{stderr.Result}");
    }
}
