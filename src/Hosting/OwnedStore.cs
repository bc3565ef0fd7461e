using CellActors.Results;

namespace CellActors.Hosting;

/// <summary>Keeps a node's results store (if it has one) alive with the host, which disposes it at the end.</summary>
internal sealed class OwnedStore(ResultStore? store) : IDisposable
{
    public void Dispose() => store?.Dispose();
}
