using CellActors.TestSupport;

namespace CellActors.Reading.Tests;

/// <summary>The microscopy fixtures, written once per test class into a temporary folder.</summary>
public sealed class MicroscopyFixture : IDisposable
{
    private readonly TempDir _dir = new("microscopy");

    /// <summary>Writes the fixtures.</summary>
    public MicroscopyFixture() => MicroscopyFixtures.Generate(_dir.Path);

    /// <summary>A fixture's path.</summary>
    public string this[string relative] => Path.Combine(_dir.Path, relative);

    /// <inheritdoc />
    public void Dispose() => _dir.Dispose();
}
