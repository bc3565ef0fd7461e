using Akka.Actor;
using Akka.Configuration;
using Xunit;

namespace CellActors.Messages.Tests;

/// <summary>
/// Nothing persisted or sent changes with the renames and the enums: wire-only messages keep the manifests every earlier
/// version sent, persisted types write their versioned manifests and still read the ones earlier versions wrote (their
/// short names), the markers split persisted events from replies, and enum values are stored as the old literals.
/// </summary>
public sealed class ManifestSpecs : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("manifest-specs", ConfigurationFactory.ParseString(CellActorsSerializer.Hocon));

    /// <summary>The manifests persisted types are written with, as literals.</summary>
    private static readonly string[] PersistedManifests =
    [
        "batch-bisected.v1", "batch-completed.v1", "batch-leased.v1", "batch-released.v1", "job-cancelled.v1", "job-completed.v1", "job-finished.v1", "job-paused.v1",
        "job-resumed.v1", "job-snapshot.v1", "job-snapshot.v2", "job-started.v1", "job-submitted.v1", "run-started.v1",
    ];

    /// <summary>Every manifest the serializer wrote for persisted types before versioned manifests, as literals (they are in stored journals).</summary>
    private static readonly string[] LegacyPersistedManifests =
    [
        "BatchCompleted", "BatchLeased", "BatchReleased", "JobCancelled", "JobCompleted", "JobFinished", "JobPaused", "JobResumed",
        "JobSnapshot", "JobStarted", "JobSubmitted", "RunStarted",
    ];

    private static readonly string[] OtherManifests =
    [
        "AnnounceCapacity", "BatchCommitted", "BatchFailed", "CancelJob", "ClusterMembers", "CoordinatorInfo", "DecodeBatch", "DownMember", "GetClusterMembers",
        "GetCoordinatorInfo", "GetJobLoad",
        "GetJobProgress", "GetJobStatus", "GetTrackingProgress", "JobAccepted", "JobCommandRefused", "JobList", "JobLoad", "JobProgress", "JobRejected",
        "JobStatus", "LeaveMember", "ListJobs", "MemberChangeAccepted", "MemberChangeRefused", "PauseJob", "ProcessBatch", "RequestWork", "ResumeJob", "SequenceProgressed", "SequenceTracked", "StartJob", "TrackJob",
        "TrackingProgress", "TrackingRejected", "WorkerRegistered",
    ];

    [Fact]
    public void The_manifests_are_the_versioned_ones_for_persisted_types_and_the_ones_earlier_versions_sent_for_the_others()
    {
        Assert.Equal(PersistedManifests.Concat(OtherManifests).Order(StringComparer.Ordinal), CellActorsSerializer.Types.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(PersistedManifests, CellActorsSerializer.Types.Where(t => typeof(IPersisted).IsAssignableFrom(t.Value)).Select(t => t.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_manifests_earlier_versions_persisted_still_name_the_same_types_and_are_never_written()
    {
        Assert.Equal(LegacyPersistedManifests, CellActorsSerializer.LegacyManifests.Keys.Order(StringComparer.Ordinal));
        // Before versioned manifests a persisted type's manifest was its short name: each alias reads as that type.
        Assert.All(CellActorsSerializer.LegacyManifests, p => Assert.Equal(p.Key, p.Value.Name));
        Assert.Empty(CellActorsSerializer.LegacyManifests.Keys.Intersect(CellActorsSerializer.Types.Keys));
        var s = new CellActorsSerializer((ExtendedActorSystem)_system);
        Assert.All(GoldenSamples.All, m => Assert.DoesNotContain(s.Manifest(m), CellActorsSerializer.LegacyManifests.Keys));
    }

    [Fact]
    public void Every_message_is_exactly_one_of_command_query_reply_or_persisted()
    {
        Type[] markers = [typeof(ICommand), typeof(IQuery), typeof(IReply), typeof(IPersisted)];
        Assert.All(CellActorsSerializer.Types.Values, t => Assert.Single(markers, m => m.IsAssignableFrom(t)));
        Assert.True(typeof(IPersisted).IsAssignableFrom(typeof(IPersistedEvent)));
        Assert.False(typeof(IPersistedEvent).IsAssignableFrom(typeof(BatchRowsCommitted)));
    }

    [Fact]
    public void The_renamed_reply_keeps_its_manifest_and_reads_what_the_previous_version_sent()
    {
        var s = new CellActorsSerializer((ExtendedActorSystem)_system);
        Assert.Equal("BatchCommitted", s.Manifest(new BatchRowsCommitted("j", 1, 2, 3, 4)));
        var old = """{"JobId":"j","BatchId":7,"Frames":8,"Objects":40,"Errors":1}"""u8.ToArray();
        Assert.Equal(new BatchRowsCommitted("j", 7, 8, 40, 1), s.FromBinary(old, "BatchCommitted"));
    }

    [Fact]
    public void Job_phases_and_tracking_statuses_are_stored_and_sent_as_the_old_literals()
    {
        Assert.Equal(["queued", "running", "paused", "completed", "cancelled", "unknown"], StoredNames.All<JobPhase>().Select(p => p.Name));
        Assert.Equal(["running", "done", "skipped", "failed"], StoredNames.All<TrackingStatus>().Select(p => p.Name));
        Assert.All(StoredNames.All<JobPhase>(), p => Assert.Equal(p.Value, StoredNames.Parse<JobPhase>(p.Name)));
        Assert.Throws<InvalidDataException>(() => StoredNames.Parse<JobPhase>("Running"));

        var s = new CellActorsSerializer((ExtendedActorSystem)_system);
        var json = System.Text.Encoding.UTF8.GetString(s.ToBinary(new JobLoad("j", JobPhase.Paused, [])));
        Assert.Equal("""{"JobId":"j","State":"paused","Workers":[]}""", json); // as when State was a string
        var tracked = (SequenceTracked)s.FromBinary("""{"JobId":"j","Dataset":"d","Sequence":"01","FramesTracked":3,"Tracks":2,"Divisions":0,"Status":"skipped","Message":"3D"}"""u8.ToArray(), "SequenceTracked");
        Assert.Equal(TrackingStatus.Skipped, tracked.Status);
    }

    public void Dispose() => _system.Dispose();
}
