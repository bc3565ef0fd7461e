using Akka.Actor;
using Akka.Hosting;
using CellActors.Hosting;
using CellActors.Imaging;
using CellActors.Messages;
using CellActors.Results;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Coordinator.Tests;

/// <summary>
/// The persistent coordinator with probes as workers, in an actor system wired as the one-process host wires it
/// (Akka.Hosting.TestKit: <see cref="CellActorsSerialization.WithCellActorsSerialization"/> and
/// <see cref="CellActorsHosting.WithCellActorsJournal"/>, the SQLite journal <c>journal.db</c>). Recovery is proven
/// by stopping the actor and creating it again with the same PersistenceId.
/// </summary>
public sealed class JobCoordinatorSpecs(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(nameof(JobCoordinatorSpecs), output)
{
    private readonly TempDir _tmp = new("coordinator-specs-");

    /// <inheritdoc />
    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithCellActorsSerialization().WithCellActorsJournal(DatabaseTarget.Sqlite(_tmp.Sub("journal.db")));

    private StartJob Start(string source) => new("j", source, new PipelineSettings("median:3", "default"), 2, "fp");

    [Fact]
    public void Leases_follow_demand_under_the_cap_and_a_restart_resends_only_uncommitted_batches()
    {
        var synth = SyntheticTimeLapse.Generate(_tmp.Sub("data"), new SynthOptions(Frames: 8, Height: 64, Width: 64, InitialCells: 3, Seed: 1));
        using var store = ResultStore.OpenSqlite(_tmp.Sub("cellactors.db"));
        var options = new CoordinatorOptions(MaxInFlight: 2);

        var coordinator = Sys.ActorOf(JobCoordinator.Props("j", store, options));
        coordinator.Tell(Start(synth.DatasetPath), TestActor);
        var accepted = ExpectMsg<JobAccepted>(TimeSpan.FromSeconds(30));
        Assert.Equal(8, accepted.FrameCount);
        Assert.False(accepted.Resumed);

        var worker = CreateTestProbe();
        worker.Send(coordinator, new RequestWork("w1", 5));
        var b0 = worker.ExpectMsg<ProcessBatch>();
        var b1 = worker.ExpectMsg<ProcessBatch>();
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // global cap of 2
        Assert.Equal([0L, 1L], new[] { b0.BatchId, b1.BatchId });
        Assert.Equal([0L, 1L], b0.Frames.Select(f => f.Index));

        // Batch 0 is committed and reported: capacity frees and batch 2 goes out.
        store.CommitBatch("j", 0, b0.RunId, [], [], []);
        coordinator.Tell(new BatchRowsCommitted("j", 0, 2, 0, 0));
        Assert.Equal(2, worker.ExpectMsg<ProcessBatch>().BatchId);

        // Batch 1's rows are committed, then the process dies before the coordinator hears of it.
        store.CommitBatch("j", 1, b1.RunId, [], [], []);
        Watch(coordinator);
        Sys.Stop(coordinator);
        ExpectTerminated(coordinator);

        var again = Sys.ActorOf(JobCoordinator.Props("j", store, options));
        again.Tell(Start(synth.DatasetPath), TestActor);
        var resumed = ExpectMsg<JobAccepted>(TimeSpan.FromSeconds(30));
        Assert.True(resumed.Resumed);
        Assert.Equal(4, resumed.FramesDone); // batch 0 from the journal, batch 1 from the database

        var worker2 = CreateTestProbe();
        worker2.Send(again, new RequestWork("w2", 5));
        var retried = worker2.ExpectMsg<ProcessBatch>();
        Assert.Equal(2, retried.BatchId); // batch 2's old lease is void and it is sent again; 0 and 1 never again
        worker2.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // leased before: it runs alone on its node
        store.CommitBatch("j", 2, retried.RunId, [], [], []);
        again.Tell(new BatchRowsCommitted("j", 2, 2, 0, 0));
        Assert.Equal(3, worker2.ExpectMsg<ProcessBatch>().BatchId);
    }

    [Fact]
    public void A_lost_worker_has_its_batches_sent_to_another()
    {
        var synth = SyntheticTimeLapse.Generate(_tmp.Sub("data"), new SynthOptions(Frames: 6, Height: 64, Width: 64, InitialCells: 3, Seed: 1));
        using var store = ResultStore.OpenSqlite(_tmp.Sub("cellactors.db"));
        var coordinator = Sys.ActorOf(JobCoordinator.Props("j", store, new CoordinatorOptions(MaxInFlight: 4)));
        coordinator.Tell(Start(synth.DatasetPath), TestActor);
        ExpectMsg<JobAccepted>(TimeSpan.FromSeconds(30));

        var doomed = CreateTestProbe();
        doomed.Send(coordinator, new RequestWork("doomed", 2));
        var held = new[] { doomed.ExpectMsg<ProcessBatch>().BatchId, doomed.ExpectMsg<ProcessBatch>().BatchId };
        Sys.Stop(doomed.Ref);
        AwaitAssert(() => Assert.Equal(0, coordinator.Ask<JobProgress>(new GetJobProgress("j"), TimeSpan.FromSeconds(3)).Result.BatchesInFlight),
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100)); // the coordinator saw it die and released its batches

        var survivor = CreateTestProbe();
        survivor.Send(coordinator, new RequestWork("survivor", 3));
        Assert.Equal([0L, 1L], held);
        // Leased before, each goes again alone (a batch that killed its worker takes nothing else with it), then new work.
        foreach (var expected in new long[] { 0, 1 })
        {
            var again = survivor.ExpectMsg<ProcessBatch>(TimeSpan.FromSeconds(10));
            Assert.Equal(expected, again.BatchId);
            survivor.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
            store.CommitBatch("j", again.BatchId, again.RunId, [], [], []);
            coordinator.Tell(new BatchRowsCommitted("j", again.BatchId, 2, 0, 0));
        }
        Assert.Equal(2, survivor.ExpectMsg<ProcessBatch>(TimeSpan.FromSeconds(10)).BatchId);
    }

    [Fact]
    public void A_coordinator_that_stops_is_started_again_by_its_supervisor_and_resumes_the_job_by_itself()
    {
        var synth = SyntheticTimeLapse.Generate(_tmp.Sub("data"), new SynthOptions(Frames: 4, Height: 64, Width: 64, InitialCells: 3, Seed: 1));
        using var store = ResultStore.OpenSqlite(_tmp.Sub("cellactors.db"));
        var start = Start(synth.DatasetPath);
        var supervisor = Sys.ActorOf(JobCoordinator.Supervised("j", store, new CoordinatorOptions(MaxInFlight: 2), resumeWith: start), "supervised");
        supervisor.Tell(start, TestActor);
        ExpectMsg<JobAccepted>(TimeSpan.FromSeconds(30));
        var worker = CreateTestProbe();
        worker.Send(supervisor, new RequestWork("w1", 1));
        var first = worker.ExpectMsg<ProcessBatch>(TimeSpan.FromSeconds(10));
        Assert.Equal(0, first.BatchId);

        // The coordinator stops as a journal failure stops it (Akka.Persistence stops a persistent actor whose write fails).
        var coordinator = worker.LastSender;
        Assert.NotEqual(supervisor, coordinator);
        Watch(coordinator);
        coordinator.Tell(PoisonPill.Instance);
        ExpectTerminated(coordinator);

        // Its supervisor starts it again; it replays its journal and resumes the job with no command from outside.
        AwaitAssert(() => Assert.Equal(4, supervisor.Ask<JobProgress>(new GetJobProgress("j"), TimeSpan.FromSeconds(1)).Result.FrameCount),
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        worker.Send(supervisor, new RequestWork("w1", 1));
        var again = worker.ExpectMsg<ProcessBatch>(TimeSpan.FromSeconds(10));
        Assert.Equal(0, again.BatchId); // the lease of the coordinator that stopped is void: sent again
        Assert.Equal(first.RunId + 1, again.RunId); // by a new run
        Assert.NotEqual(coordinator, worker.LastSender);
    }

    [Fact]
    public void A_changed_configuration_is_rejected_after_a_restart()
    {
        var synth = SyntheticTimeLapse.Generate(_tmp.Sub("data"), new SynthOptions(Frames: 2, Height: 64, Width: 64, InitialCells: 3, Seed: 1));
        using var store = ResultStore.OpenSqlite(_tmp.Sub("cellactors.db"));
        var c1 = Sys.ActorOf(JobCoordinator.Props("j", store));
        c1.Tell(Start(synth.DatasetPath), TestActor);
        ExpectMsg<JobAccepted>(TimeSpan.FromSeconds(30));
        Watch(c1);
        Sys.Stop(c1);
        ExpectTerminated(c1);
        var c2 = Sys.ActorOf(JobCoordinator.Props("j", store));
        c2.Tell(Start(synth.DatasetPath) with { Fingerprint = "other" }, TestActor);
        Assert.Contains("another configuration", ExpectMsg<JobRejected>(TimeSpan.FromSeconds(30)).Reason);
    }

    /// <inheritdoc />
    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _tmp.Dispose();
    }
}
