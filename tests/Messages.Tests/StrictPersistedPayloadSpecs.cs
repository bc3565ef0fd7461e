using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Xunit;

namespace CellActors.Messages.Tests;

/// <summary>
/// Persisted payloads read strictly: a missing required member, an unknown member or a null where the type allows none
/// fails with a <see cref="SerializationException"/> naming the manifest and the member, while members added later with
/// a default still read from older payloads that lack them. Wire-only messages stay lenient.
/// </summary>
public sealed class StrictPersistedPayloadSpecs : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("strict-specs", ConfigurationFactory.ParseString(CellActorsSerializer.Hocon));

    private CellActorsSerializer Serializer => new((ExtendedActorSystem)_system);

    private static byte[] Utf8(string json) => System.Text.Encoding.UTF8.GetBytes(json);

    [Theory]
    [InlineData("job-started.v1")]
    [InlineData("JobStarted")]
    public void An_old_payload_without_the_optional_members_added_later_reads_with_their_defaults(string manifest)
    {
        var started = (JobStarted)Serializer.FromBinary(
            Utf8("""{"JobId":"j","Source":"/d","Settings":{"Denoise":"median:3","Segmentation":"auto"},"Fingerprint":"fp","FrameCount":3,"BatchSize":8,"At":"2026-11-24T10:00:00+00:00"}"""),
            manifest);
        Assert.Equal(new PipelineSettings("median:3", "auto", null, null, null), started.Settings);
        var submitted = (JobSubmitted)Serializer.FromBinary(
            Utf8("""{"Command":{"JobId":"j","Source":"/d","Settings":{"Denoise":"none","Segmentation":"unet"},"BatchSize":8,"Fingerprint":"fp"},"At":"2026-11-24T10:00:00+00:00"}"""),
            "job-submitted.v1");
        Assert.Null(submitted.Command.Settings.Channel);
    }

    [Theory]
    [InlineData("batch-completed.v1", """{"BatchId":1,"Frames":8,"Objects":40}""", "Errors")]
    [InlineData("BatchCompleted", """{"BatchId":1,"Frames":8,"Objects":40}""", "Errors")]
    [InlineData("run-started.v1", """{"JobId":"j","At":"2026-11-24T10:00:00+00:00"}""", "RunId")]
    [InlineData("job-started.v1", """{"JobId":"j","Source":"/d","Settings":{"Denoise":"median:3"},"Fingerprint":"fp","FrameCount":3,"BatchSize":8,"At":"2026-11-24T10:00:00+00:00"}""", "Segmentation")]
    [InlineData("job-snapshot.v1", """{"JobId":"j","Source":"/d","Settings":{"Denoise":"median:3","Segmentation":"auto"},"Fingerprint":"fp","FrameCount":3,"BatchSize":8,"FramesDone":0,"LastRunId":1,"Completed":false}""", "CompletedBatches")]
    public void A_payload_without_a_required_member_fails_naming_the_manifest_and_the_member(string manifest, string json, string member)
    {
        var e = Assert.Throws<SerializationException>(() => Serializer.FromBinary(Utf8(json), manifest));
        Assert.Contains($"'{manifest}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(member, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("batch-leased.v1", """{"BatchId":1,"WorkerId":"w","At":"2026-11-24T10:00:00+00:00","Attempt":2}""", "Attempt")]
    [InlineData("BatchLeased", """{"BatchId":1,"WorkerId":"w","At":"2026-11-24T10:00:00+00:00","Attempt":2}""", "Attempt")]
    [InlineData("batch-completed.v1", """{"batchId":1,"BatchId":1,"Frames":8,"Objects":40,"Errors":0}""", "batchId")]
    [InlineData("job-submitted.v1", """{"Command":{"JobId":"j","Source":"/d","Settings":{"Denoise":"none","Segmentation":"unet","Gpu":0},"BatchSize":8,"Fingerprint":"fp"},"At":"2026-11-24T10:00:00+00:00"}""", "Gpu")]
    public void A_payload_with_an_unknown_member_fails_naming_the_manifest_and_the_member(string manifest, string json, string member)
    {
        var e = Assert.Throws<SerializationException>(() => Serializer.FromBinary(Utf8(json), manifest));
        Assert.Contains($"'{manifest}'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{member}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_where_the_type_allows_none_fails_on_read_and_on_write()
    {
        var e = Assert.Throws<SerializationException>(() =>
            Serializer.FromBinary(Utf8("""{"JobId":null,"RunId":1,"At":"2026-11-24T10:00:00+00:00"}"""), "run-started.v1"));
        Assert.Contains("'run-started.v1'", e.Message, StringComparison.Ordinal);
        Assert.Contains("JobId", e.Message, StringComparison.Ordinal);

        var w = Assert.Throws<SerializationException>(() => Serializer.ToBinary(new BatchReleased(3, null!)));
        Assert.Contains("'batch-released.v1'", w.Message, StringComparison.Ordinal);
        Assert.Contains("Reason", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wire_only_messages_still_read_leniently()
    {
        var work = (RequestWork)Serializer.FromBinary(Utf8("""{"WorkerId":"w","Slots":2,"Future":true}"""), "RequestWork");
        Assert.Equal(("w", 2, (string?)null), (work.WorkerId, work.Slots, work.Provider));
    }

    [Fact]
    public void An_unknown_manifest_fails()
    {
        var e = Assert.Throws<SerializationException>(() => Serializer.FromBinary(Utf8("{}"), "job-started.v9"));
        Assert.Contains("'job-started.v9'", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _system.Dispose();
}
