using Akka.Actor;
using Akka.Hosting;
using CellActors.Cluster;
using CellActors.Hosting;
using CellActors.Imaging;
using CellActors.Messages;
using CellActors.Results;
using CellActors.TestSupport;
using Xunit;

namespace CellActors.Coordinator.Tests;

/// <summary>
/// The cluster's job manager as a coordinator node wires it: a one-node cluster on loopback
/// (<see cref="CellActorsCluster.WithCellActorsNode"/>), the SQLite journal (<see cref="CellActorsHosting.WithCellActorsJournal"/>)
/// and the manager as a cluster singleton with its proxy (<see cref="CellActorsHosting.WithJobManager"/>), asked through the
/// proxy as consoles and workers ask it.
/// </summary>
public sealed class JobManagerSpecs(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(CellActorsCluster.SystemName, output, TimeSpan.FromSeconds(30))
{
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(30);
    private readonly TempDir _tmp = new("job-manager-specs-");
    private ResultStore? _store;

    /// <inheritdoc />
    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        var port = FreePort.Next();
        _store = ResultStore.OpenSqlite(_tmp.Sub("cellactors.db"));
        builder.WithCellActorsNode(new ClusterNodeOptions([$"127.0.0.1:{port}"], [CellActorsCluster.Roles.Coordinator], port, "127.0.0.1", "127.0.0.1"))
            .WithCellActorsJournal(DatabaseTarget.Sqlite(_tmp.Sub("journal.db")))
            .WithJobManager(_store, new CoordinatorOptions(MaxInFlight: 4));
    }

    private IActorRef Manager => ActorRegistry.Get<CoordinatorSingleton>();

    private StartJob Submit(int frames)
    {
        var synth = SyntheticTimeLapse.Generate(_tmp.Sub("data"), new SynthOptions(Frames: frames, Height: 64, Width: 64, InitialCells: 3, Seed: 1));
        var start = new StartJob("j", synth.DatasetPath, new PipelineSettings("median:3", "default"), 2, "fp");
        Manager.Tell(start, TestActor);
        var accepted = ExpectMsg<JobAccepted>(Answer);
        Assert.Equal(frames, accepted.FrameCount);
        return start;
    }

    [Fact]
    public void A_submitted_job_runs_and_its_batches_go_to_the_workers_that_ask()
    {
        Submit(frames: 6);
        Manager.Tell(new GetJobStatus("j"), TestActor);
        var status = ExpectMsg<JobStatus>(Answer);
        Assert.Equal((JobPhase.Running, 6L), (status.State, status.FrameCount));

        var worker = CreateTestProbe();
        worker.Send(Manager, new RequestWork("w1", 2, "cpu"));
        worker.ExpectMsg<WorkerRegistered>(Answer);
        var leased = new[] { worker.ExpectMsg<ProcessBatch>(Answer).BatchId, worker.ExpectMsg<ProcessBatch>(Answer).BatchId };
        Assert.Equal([0L, 1L], leased);

        Manager.Tell(new ListJobs(false), TestActor);
        Assert.Equal("j", Assert.Single(ExpectMsg<JobList>(Answer).Jobs).JobId);
        Manager.Tell(new GetJobLoad("j"), TestActor);
        var load = ExpectMsg<JobLoad>(Answer);
        Assert.Equal(JobPhase.Running, load.State);
        Assert.Equal(2, Assert.Single(load.Workers).BatchesInFlight);
    }

    [Fact]
    public void Pause_resume_and_cancel_change_the_state_and_what_does_not_apply_is_refused()
    {
        Submit(frames: 4);
        Manager.Tell(new PauseJob("j"), TestActor);
        Assert.Equal(JobPhase.Paused, ExpectMsg<JobStatus>(Answer).State);
        Manager.Tell(new PauseJob("j"), TestActor);
        Assert.Contains("already paused", ExpectMsg<JobCommandRefused>(Answer).Reason);
        Manager.Tell(new ResumeJob("j"), TestActor);
        Assert.Equal(JobPhase.Running, ExpectMsg<JobStatus>(Answer).State);
        Manager.Tell(new CancelJob("j"), TestActor);
        Assert.Equal(JobPhase.Cancelled, ExpectMsg<JobStatus>(Answer).State);
        Manager.Tell(new ResumeJob("j"), TestActor);
        Assert.Contains("is cancelled", ExpectMsg<JobCommandRefused>(Answer).Reason);
        Manager.Tell(new GetJobStatus("nope"), TestActor);
        Assert.Contains("no job 'nope'", ExpectMsg<JobCommandRefused>(Answer).Reason);
        Assert.Equal(JobPhase.Cancelled, _store!.GetJob("j")!.Status);
    }

    /// <inheritdoc />
    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        _store?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _tmp.Dispose();
    }
}
