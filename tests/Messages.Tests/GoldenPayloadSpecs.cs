using System.Runtime.CompilerServices;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Xunit;

namespace CellActors.Messages.Tests;

/// <summary>
/// Golden payloads (<c>Golden/</c>): for every persisted type, the exact bytes the serializer writes for its
/// <see cref="GoldenSamples"/> instance, in a file named by the manifest (<c>Golden/job-started.v1.json</c>). They read
/// back as the sample, and the serializer still writes exactly them, so an accidental change of a persisted format
/// fails here. <c>Golden/legacy/</c> holds the same samples as the code before versioned manifests wrote them (file
/// named by the old manifest, the short type name): they still read as the same instances. Legacy files are history
/// and are never regenerated.
/// </summary>
public sealed class GoldenPayloadSpecs : IDisposable
{
    /// <summary>Set to <c>1</c> to rewrite the current golden files from the samples (never the legacy ones).</summary>
    public const string UpdateVariable = "CELLACTORS_UPDATE_GOLDEN";

    private readonly ActorSystem _system = ActorSystem.Create("golden-specs", ConfigurationFactory.ParseString(CellActorsSerializer.Hocon));

    private CellActorsSerializer Serializer => new((ExtendedActorSystem)_system);

    /// <summary>The golden files as built beside the tests.</summary>
    private static string GoldenDir => Path.Combine(AppContext.BaseDirectory, "Golden");

    /// <summary>The golden files in the source tree (where <see cref="UpdateVariable"/> writes).</summary>
    private static string SourceGoldenDir([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Golden");

    /// <summary>Every persisted sample.</summary>
    public static TheoryData<string> PersistedTypes()
    {
        var data = new TheoryData<string>();
        foreach (var m in GoldenSamples.All) data.Add(m.GetType().Name);
        return data;
    }

    /// <summary>Every legacy manifest.</summary>
    public static TheoryData<string> LegacyManifests()
    {
        var data = new TheoryData<string>();
        foreach (var m in CellActorsSerializer.LegacyManifests.Keys.Order(StringComparer.Ordinal)) data.Add(m);
        return data;
    }

    private static IPersisted Sample(string typeName) => GoldenSamples.All.Single(m => m.GetType().Name == typeName);

    [Fact]
    public void Every_persisted_type_has_exactly_one_golden_sample_and_file_and_no_file_is_stale()
    {
        var persisted = CellActorsSerializer.Types.Values.Where(typeof(IPersisted).IsAssignableFrom).Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(persisted, GoldenSamples.All.Select(m => m.GetType().Name).Order(StringComparer.Ordinal));

        var expected = CellActorsSerializer.Types.Where(p => typeof(IPersisted).IsAssignableFrom(p.Value)).Select(p => p.Key + ".json");
        Assert.Equal(expected.Order(StringComparer.Ordinal), Directory.GetFiles(GoldenDir, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(CellActorsSerializer.LegacyManifests.Keys.Select(k => k + ".json").Order(StringComparer.Ordinal),
            Directory.GetFiles(Path.Combine(GoldenDir, "legacy"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PersistedTypes))]
    public void The_golden_payload_reads_back_as_the_sample(string typeName)
    {
        var sample = Sample(typeName);
        var manifest = Serializer.Manifest(sample);
        var bytes = File.ReadAllBytes(Path.Combine(GoldenDir, manifest + ".json"));
        AssertSame(sample, Serializer.FromBinary(bytes, manifest));
    }

    [Theory]
    [MemberData(nameof(PersistedTypes))]
    public void The_serializer_still_writes_exactly_the_golden_bytes(string typeName)
    {
        var sample = Sample(typeName);
        var manifest = Serializer.Manifest(sample);
        var written = Serializer.ToBinary(sample);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            foreach (var dir in new[] { SourceGoldenDir(), GoldenDir })
                if (Directory.Exists(dir)) File.WriteAllBytes(Path.Combine(dir, manifest + ".json"), written);
            return;
        }

        var path = Path.Combine(GoldenDir, manifest + ".json");
        Assert.True(File.Exists(path), $"no golden payload for '{manifest}': run the Messages tests once with {UpdateVariable}=1 to write tests/Messages.Tests/Golden/{manifest}.json, and commit it");
        var golden = File.ReadAllBytes(path);
        Assert.True(golden.AsSpan().SequenceEqual(written),
            $"""
            {typeName} ('{manifest}') is no longer written as its golden payload: a persisted format changed.
              golden:  {Encoding.UTF8.GetString(golden)}
              written: {Encoding.UTF8.GetString(written)}
            Stored journals hold the old format. Changing a persisted format needs a new type with a new versioned manifest
            (e.g. '{manifest[..manifest.LastIndexOf('.')]}.v{int.Parse(manifest[(manifest.LastIndexOf('.') + 2)..], System.Globalization.CultureInfo.InvariantCulture) + 1}') that is added beside the old one, which keeps reading.
            Only if the change is intended and the old payload still reads (e.g. a new optional member), regenerate with
            {UpdateVariable}=1 dotnet test tests/Messages.Tests (it rewrites tests/Messages.Tests/Golden/*.json, never legacy/).
            """);
    }

    [Theory]
    [MemberData(nameof(LegacyManifests))]
    public void A_payload_written_before_versioned_manifests_reads_as_the_same_instance(string legacyManifest)
    {
        var bytes = File.ReadAllBytes(Path.Combine(GoldenDir, "legacy", legacyManifest + ".json"));
        var back = Serializer.FromBinary(bytes, legacyManifest);
        var sample = GoldenSamples.All.Single(m => m.GetType() == CellActorsSerializer.LegacyManifests[legacyManifest]);
        AssertSame(sample, back);
        // The payload itself did not change with the manifest: rewritten, the instance gives the same bytes.
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(Serializer.ToBinary(back)));
    }

    /// <summary>Equal as values (records compare arrays by reference, so the snapshot's bitmap is compared apart), member by member.</summary>
    private static void AssertSame(IPersisted expected, object actual)
    {
        Assert.IsType(expected.GetType(), actual);
        if (expected is JobSnapshot e && actual is JobSnapshot a)
        {
            Assert.Equal(e.CompletedBatches, a.CompletedBatches);
            actual = a with { CompletedBatches = e.CompletedBatches };
        }
        if (expected is JobSnapshotV2 e2 && actual is JobSnapshotV2 a2)
        {
            Assert.Equal(e2.CompletedBatches, a2.CompletedBatches);
            Assert.Equal(e2.AttemptIds, a2.AttemptIds);
            Assert.Equal(e2.AttemptCounts, a2.AttemptCounts);
            Assert.Equal(e2.OpenParts, a2.OpenParts);
            actual = a2 with { CompletedBatches = e2.CompletedBatches, AttemptIds = e2.AttemptIds, AttemptCounts = e2.AttemptCounts, OpenParts = e2.OpenParts };
        }
        Assert.Equal(expected, actual);
        Assert.Equivalent(expected, actual, strict: true);
    }

    public void Dispose() => _system.Dispose();
}
