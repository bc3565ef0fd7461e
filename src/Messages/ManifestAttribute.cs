namespace CellActors.Messages;

/// <summary>
/// Pins a message's serializer manifest (by default its type name) to <see cref="Name"/>: a message renamed after its
/// manifest was in use keeps the old one, so stored journals and nodes of the previous version still read it.
/// </summary>
/// <param name="name">The manifest.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ManifestAttribute(string name) : Attribute
{
    /// <summary>The manifest.</summary>
    public string Name { get; } = name;
}
