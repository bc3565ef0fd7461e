namespace CellActors.Hosting;

/// <summary>
/// The name of the node a process's log lines carry (<c>node</c> in JSON lines): its role and cluster address, set
/// once the actor system knows its address (a worker on port 0 learns its port only then).
/// </summary>
public sealed class LogNode(string name)
{
    private volatile string _name = name;

    /// <summary>The name now.</summary>
    public string Name
    {
        get => _name;
        set => _name = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc />
    public override string ToString() => _name;
}
