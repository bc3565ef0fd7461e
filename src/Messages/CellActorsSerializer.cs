using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace CellActors.Messages;

/// <summary>
/// Serializes every <see cref="ICellActorsMessage"/> as UTF-8 JSON with a stable manifest. Enums travel as their stored
/// names (<see cref="StoredNames"/>). Bind it for <see cref="ICellActorsMessage"/> with <see cref="Hocon"/>
/// (<see cref="CellActorsSerialization.WithCellActorsSerialization"/>).
/// </summary>
/// <remarks>
/// <para>The manifest rule:</para>
/// <list type="bullet">
/// <item><description><b>Persisted types</b> (<see cref="IPersisted"/>: events and snapshots, which live forever in the
/// journal) carry an explicit versioned manifest, <c>[Manifest("job-started.v1")]</c>, never derived from a CLR name, so
/// renaming the type or its namespace changes nothing stored. Their shape is frozen: a changed shape is a new type
/// with the next version (<c>job-started.v2</c>) and the old one stays readable. The manifests they were written
/// with before versioned manifests (their short type names) are read-only aliases (<see cref="LegacyManifests"/>).
/// They read strictly: a missing required member (a constructor parameter without a default), an unknown member or a
/// null in a non-nullable member fails with a <see cref="SerializationException"/> naming the manifest and the member.
/// Members added later with a default value (<see cref="PipelineSettings.Channel"/>) are optional and read from older
/// payloads that lack them.</description></item>
/// <item><description><b>Wire-only messages</b> (<see cref="ICommand"/>, <see cref="IQuery"/>, <see cref="IReply"/>),
/// exchanged only between nodes of one version, keep their short type name as manifest, or the name a
/// <see cref="ManifestAttribute"/> pins after a rename (<see cref="BatchRowsCommitted"/> is <c>BatchCommitted</c>), and
/// read leniently (unknown members are ignored, missing ones take their defaults).</description></item>
/// </list>
/// <para>Golden payloads of every persisted type (tests/Messages.Tests/Golden) pin the bytes written and read.</para>
/// </remarks>
public sealed class CellActorsSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Serializer id registered in Akka's configuration.</summary>
    public const int Id = 4242;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Options for persisted types: the same bytes as <see cref="Options"/>, but a missing required member, an unknown
    /// member or a null in a non-nullable member throws (on write too, so nothing unreadable reaches the journal).
    /// </summary>
    private static readonly JsonSerializerOptions PersistedOptions = new(Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>Manifest → type, for every concrete message type in this assembly: the manifests written.</summary>
    public static readonly FrozenDictionary<string, Type> Types = typeof(ICellActorsMessage).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICellActorsMessage).IsAssignableFrom(t))
        .ToFrozenDictionary(ManifestOf, t => t);

    /// <summary>
    /// Manifests persisted types were written with before versioned manifests (their short CLR names, in journals and
    /// snapshot stores of every earlier version) → the type they still read as. Read-only: never written again. Literals,
    /// not <c>nameof</c>: renaming a type must not change what stored journals hold.
    /// </summary>
    public static readonly FrozenDictionary<string, Type> LegacyManifests = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["BatchCompleted"] = typeof(BatchCompleted),
        ["BatchLeased"] = typeof(BatchLeased),
        ["BatchReleased"] = typeof(BatchReleased),
        ["JobCancelled"] = typeof(JobCancelled),
        ["JobCompleted"] = typeof(JobCompleted),
        ["JobFinished"] = typeof(JobFinished),
        ["JobPaused"] = typeof(JobPaused),
        ["JobResumed"] = typeof(JobResumed),
        ["JobSnapshot"] = typeof(JobSnapshot),
        ["JobStarted"] = typeof(JobStarted),
        ["JobSubmitted"] = typeof(JobSubmitted),
        ["RunStarted"] = typeof(RunStarted),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, string> Manifests = Types.ToFrozenDictionary(p => p.Value, p => p.Key);

    /// <summary>The manifest of a message type: its <see cref="ManifestAttribute"/>, else its short name (wire-only messages only; see the remarks).</summary>
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
    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj is not IPersisted) return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), PersistedOptions);
        }
        catch (JsonException e)
        {
            throw new SerializationException($"persisted {obj.GetType().Name} ('{Manifest(obj)}') cannot be written: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    /// <exception cref="SerializationException">The manifest is unknown, or a persisted payload lacks a required member,
    /// has an unknown one or a null where its type allows none (the message names the manifest and the member).</exception>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        var type = TypeOf(manifest) ?? TypeOf(Type.GetType(manifest)?.Name ?? "")
            ?? throw new SerializationException($"unknown CellActors message manifest '{manifest}'");
        if (!typeof(IPersisted).IsAssignableFrom(type))
            return JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"null payload for manifest '{manifest}'");
        try
        {
            return JsonSerializer.Deserialize(bytes, type, PersistedOptions) ?? throw new SerializationException($"null payload for manifest '{manifest}'");
        }
        catch (JsonException e)
        {
            throw new SerializationException($"persisted payload '{manifest}' ({type.Name}) does not read: {e.Message}", e);
        }
    }

    private static Type? TypeOf(string manifest) => Types.GetValueOrDefault(manifest) ?? LegacyManifests.GetValueOrDefault(manifest);

    /// <inheritdoc />
    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return Manifests.TryGetValue(o.GetType(), out var m) ? m : throw new SerializationException($"{o.GetType().FullName} is not a CellActors message");
    }
}
