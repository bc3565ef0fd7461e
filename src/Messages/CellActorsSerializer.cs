using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace CellActors.Messages;

/// <summary>
/// Serializes every <see cref="ICellActorsMessage"/> as UTF-8 JSON with a stable manifest: the type's short name, or
/// the name its <see cref="ManifestAttribute"/> pins (a renamed message keeps its old manifest), so persisted events
/// do not depend on assembly or type names and a renamed field fails loudly in the round-trip test. Enums travel as
/// their stored names (<see cref="StoredNames"/>). Bind it for <see cref="ICellActorsMessage"/> with <see cref="Hocon"/>
/// (<see cref="CellActorsSerialization.WithCellActorsSerialization"/>).
/// </summary>
public sealed class CellActorsSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Serializer id registered in Akka's configuration.</summary>
    public const int Id = 4242;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Manifest → type, for every concrete message type in this assembly.</summary>
    public static readonly FrozenDictionary<string, Type> Types = typeof(ICellActorsMessage).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICellActorsMessage).IsAssignableFrom(t))
        .ToFrozenDictionary(ManifestOf, t => t);

    private static readonly FrozenDictionary<Type, string> Manifests = Types.ToFrozenDictionary(p => p.Value, p => p.Key);

    /// <summary>The manifest of a message type: its <see cref="ManifestAttribute"/>, else its short name.</summary>
    public static string ManifestOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetCustomAttribute<ManifestAttribute>()?.Name ?? type.Name;
    }

    /// <summary>HOCON that binds this serializer to every CellActors message.</summary>
    public static string Hocon => $$"""
        akka.actor {
          serializers.cellactors = "{{typeof(CellActorsSerializer).AssemblyQualifiedName}}"
          serialization-bindings { "{{typeof(ICellActorsMessage).AssemblyQualifiedName}}" = cellactors }
          serialization-identifiers { "{{typeof(CellActorsSerializer).AssemblyQualifiedName}}" = {{Id}} }
        }
        """;

    /// <inheritdoc />
    public override int Identifier => Id;

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!Types.TryGetValue(manifest, out var type) && !Types.TryGetValue(Type.GetType(manifest)?.Name ?? "", out type))
            throw new SerializationException($"unknown CellActors message manifest '{manifest}'");
        return JsonSerializer.Deserialize(bytes, type, Options)
               ?? throw new SerializationException($"null payload for manifest '{manifest}'");
    }

    /// <inheritdoc />
    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return Manifests.TryGetValue(o.GetType(), out var m) ? m : throw new SerializationException($"{o.GetType().FullName} is not a CellActors message");
    }
}
