namespace CellActors.Messages;

/// <summary>
/// Pins a message's serializer manifest (by default its type name) to <see cref="Name"/>: a message renamed after its
/// manifest was in use keeps the old one, so stored journals and nodes of the previous version still read it. Every
/// persisted type (<see cref="IPersisted"/>) has one, versioned (<c>job-started.v1</c>); see <see cref="CellActorsSerializer"/>.
/// </summary>
/// <param name="name">The manifest.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ManifestAttribute(string name) : Attribute
{
    /// <summary>The manifest.</summary>
    public string Name { get; } = name;
}
