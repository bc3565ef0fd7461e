using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace CellActors.Messages.Tests;

/// <summary>
/// Every persisted type (events and snapshots, <see cref="IPersisted"/>) names itself in the journal with an explicit,
/// versioned manifest that no CLR rename can change, and no two message types share a manifest, current or legacy.
/// </summary>
public sealed partial class PersistedManifestSpecs
{
    private static readonly Type[] MessageTypes = typeof(ICellActorsMessage).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICellActorsMessage).IsAssignableFrom(t)).ToArray();

    [GeneratedRegex(@"^[a-z][a-z0-9]*(-[a-z0-9]+)*\.v[1-9][0-9]*$")]
    private static partial Regex Versioned();

    [Fact]
    public void Every_persisted_type_carries_an_explicit_versioned_manifest()
    {
        var persisted = MessageTypes.Where(typeof(IPersisted).IsAssignableFrom).ToList();
        Assert.NotEmpty(persisted);
        var offenders = persisted
            .Select(t => (t.Name, Manifest: t.GetCustomAttribute<ManifestAttribute>()?.Name))
            .Where(t => t.Manifest is null || !Versioned().IsMatch(t.Manifest))
            .Select(t => $"{t.Name}: {t.Manifest ?? "no [Manifest]"}")
            .ToList();
        Assert.True(offenders.Count == 0,
            "persisted types need an explicit versioned manifest such as [Manifest(\"job-started.v1\")] (kebab-case name, .vN):\n  "
            + string.Join("\n  ", offenders));
    }

    [Fact]
    public void No_two_message_types_share_a_manifest_and_no_legacy_alias_is_another_types_manifest()
    {
        var written = MessageTypes.Select(t => (Manifest: CellActorsSerializer.ManifestOf(t), Type: t)).ToList();
        var shared = written.GroupBy(w => w.Manifest, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(w => w.Type.Name))}").ToList();
        Assert.True(shared.Count == 0, "manifests shared by several types:\n  " + string.Join("\n  ", shared));

        var clashes = CellActorsSerializer.LegacyManifests.Keys.Where(k => written.Any(w => w.Manifest == k)).ToList();
        Assert.True(clashes.Count == 0, "legacy manifests that a type now writes (stored journals would read as another type): " + string.Join(", ", clashes));
        Assert.All(CellActorsSerializer.LegacyManifests.Values, t => Assert.True(typeof(IPersisted).IsAssignableFrom(t), $"{t.Name} is not persisted"));
    }
}
