using Akka.Actor;
using Akka.Configuration;
using Xunit;

namespace CellActors.Messages.Tests;

/// <summary>Every message type round-trips through the serializer the cluster and the journal use.</summary>
public sealed class SerializerSpecs : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer-specs", ConfigurationFactory.ParseString(CellActorsSerializer.Hocon));

    private static readonly FrameRef Frame = new(41, "Fluo-N2DH-SIM+", "01", 7, 3, "/data/Fluo-N2DH-SIM+/01/t007.tif", 3, "Fluo-N2DH-SIM+/01/t0007/z0003",
        [new ChannelPlane("/data/Fluo-N2DH-SIM+/01/t007.tif", 3, "DAPI"), new ChannelPlane("/data/Fluo-N2DH-SIM+/01/t007.tif", 4, null)], new PhysicalScale(0.125, 0.25, 2, null));
    private static readonly PipelineSettings Settings = new("median:3", "auto", "GFP", 0.5, 30);
    private static readonly SegmentedFrame Segmented = new(Frame, 690, 628, 101.5, 3, 4095, 22.25,
        [new SegmentedObject(1, "12 3 700 5", 8, 800, 90, 110, [new ChannelIntensity(0, 800, 81_000, 90, 110), new ChannelIntensity(1, 16, 40, 1, 3)]),
         new SegmentedObject(2, new string('1', 10_000), 1, 7, 7, 7)],
        [new ChannelSummary(0, "DAPI", 101.5, 3, 4095, 22.25), new ChannelSummary(1, null, 2, 0, 9, 1.5)]);

    /// <summary>One sample of every concrete message type, with non-default values in every field.</summary>
    public static TheoryData<ICellActorsMessage> Samples()
    {
        var data = new TheoryData<ICellActorsMessage>();
        foreach (var m in SampleMessages()) data.Add(m);
        return data;
    }

    private static ICellActorsMessage[] SampleMessages() =>
    [
        new StartJob("job", "/data", Settings, 8, "fp"),
        new RequestWork("akka://x/user/detector-0", 2, "cuda:1"),
        new ProcessBatch("job", 2, 5, Settings, [Frame]),
        new DecodeBatch("job", 2, 5, [Segmented], [new FrameFailure(Frame, "read", "truncated", "t007.tif: truncated")]),
        new JobStarted("job", "/data", Settings, "fp", 100_000, 8, DateTimeOffset.Parse("2026-11-24T10:00:00Z")),
        new RunStarted("job", 3, DateTimeOffset.Parse("2026-11-24T10:00:01Z")),
        new BatchLeased(12, "w", DateTimeOffset.Parse("2026-11-24T10:00:02Z")),
        new BatchReleased(12, "worker gone"),
        new BatchCompleted(12, 8, 400, 1),
        new JobCompleted("job", DateTimeOffset.Parse("2026-11-24T11:00:00Z")),
        new BatchRowsCommitted("job", 12, 8, 400, 1),
        new BatchFailed("job", 12, "boom"),
        new JobAccepted("job", 10, 4, true),
        new JobRejected("job", "changed configuration"),
        new GetJobProgress("job"),
        new JobProgress("job", 10, 4, 1, 3, 5, false, ["cpu", "cuda:0"], "unet"),
        new JobSnapshot("job", "/data", Settings, "fp", 10, 4, [0b101], 8, 2, false),
        new JobSnapshotV2("job", "/data", Settings, "fp", 10, 4, [0b101], 8, 2, false, [3], [2], [-4194306]),
        new BatchBisected(3, 2, "worker gone"),
        new PauseJob("job"),
        new ResumeJob("job"),
        new CancelJob("job"),
        new AnnounceCapacity("job other is active"),
        new GetJobStatus("job"),
        new ListJobs(true),
        new JobStatus("job", JobPhase.Running, "/data", 100, 40, 39, 1200, 1, 12.5, 2, ["cuda:0", "cuda:1"], "onnx:/models/m"),
        new JobList([new JobStatus("job", JobPhase.Paused, "/data", 100, 40, 39, 1200, 1, 12.5, 2)]),
        new GetCoordinatorInfo(),
        new CoordinatorInfo("akka.tcp://cellactors@head:4054", "job", 2, ["akka.tcp://cellactors@w1:40001/user/detector-0#1"], ["cuda:0"]),
        new JobCommandRefused("job", "no such job"),
        new GetClusterMembers(),
        new ClusterMembers([new ClusterMemberState("akka.tcp://cellactors@head:4053", "Up", true, ["contact", "seed"]),
                            new ClusterMemberState("akka.tcp://cellactors@w1:40001", "Leaving", false, [])],
            "akka.tcp://cellactors@head:4053", "akka.tcp://cellactors@head:4054", "akka.tcp://cellactors@head:4053"),
        new LeaveMember("akka.tcp://cellactors@w1:40001"),
        new DownMember("akka.tcp://cellactors@w1:40001"),
        new MemberChangeAccepted("akka.tcp://cellactors@w1:40001"),
        new MemberChangeRefused("akka.tcp://cellactors@w9:1", "not a member"),
        new GetJobLoad("job"),
        new JobLoad("job", JobPhase.Paused, [new WorkerLoad("akka.tcp://cellactors@w1:40001/user/detector-0#1", "akka.tcp://cellactors@w1:40001", 2, 3, 4.5)]),
        new WorkerRegistered("akka.tcp://cellactors@head:4054"),
        new JobSubmitted(new StartJob("job", "/data", Settings, 8, "fp"), DateTimeOffset.Parse("2026-11-24T10:00:00Z")),
        new JobPaused("job", DateTimeOffset.Parse("2026-11-24T10:00:03Z")),
        new JobResumed("job", DateTimeOffset.Parse("2026-11-24T10:00:04Z")),
        new JobCancelled("job", DateTimeOffset.Parse("2026-11-24T10:00:05Z")),
        new JobFinished("job", DateTimeOffset.Parse("2026-11-24T10:00:06Z")),
        new TrackJob("job", new TrackingSettings(0, 2, 3), 2),
        new TrackingRejected("job", "job not complete"),
        new SequenceProgressed("job", "Fluo-N2DH-SIM+", "01", 50, 65, 40, 3),
        new SequenceTracked("job", "Fluo-N2DH-SIM+", "01", 65, 54, 12, TrackingStatus.Done, null),
        new GetTrackingProgress("job"),
        new TrackingProgress("job", 2, 1, 65, 130, 54, 12, ["02: 3D sequence: not tracked"], false),
    ];

    [Fact]
    public void Every_message_type_has_a_sample()
    {
        var sampled = new HashSet<Type>();
        foreach (var m in SampleMessages()) sampled.Add(m.GetType());
        var missing = CellActorsSerializer.Types.Values.Where(t => !sampled.Contains(t)).Select(t => t.Name).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Round_trips_through_the_configured_serializer(ICellActorsMessage message)
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<CellActorsSerializer>(serializer);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(message, message.GetType()), System.Text.Json.JsonSerializer.Serialize(back, back.GetType()));
        Assert.Equal(message.GetType(), back.GetType());
    }

    [Fact]
    public void Messages_from_nodes_without_the_provider_fields_still_read()
    {
        var s = new CellActorsSerializer((ExtendedActorSystem)_system);
        var work = (RequestWork)s.FromBinary("""{"WorkerId":"w","Slots":2}"""u8.ToArray(), nameof(RequestWork));
        Assert.Equal(("w", 2, (string?)null), (work.WorkerId, work.Slots, work.Provider));
        var info = (CoordinatorInfo)s.FromBinary("""{"Address":"a","ActiveJob":null,"Workers":1,"WorkerIds":["w"]}"""u8.ToArray(), nameof(CoordinatorInfo));
        Assert.Null(info.Providers);
    }

    [Fact]
    public void Persisted_events_and_frame_references_from_before_channels_still_read()
    {
        // Channels, pixel size and time interval were added as optional fields: payloads written before them read with
        // their defaults (null), so journals and manifests of older jobs stay readable.
        var s = new CellActorsSerializer((ExtendedActorSystem)_system);
        var started = (JobStarted)s.FromBinary("""{"JobId":"j","Source":"/d","Settings":{"Denoise":"median:3","Segmentation":"auto"},"Fingerprint":"fp","FrameCount":3,"BatchSize":8,"At":"2026-11-24T10:00:00+00:00"}"""u8.ToArray(), nameof(JobStarted));
        Assert.Equal(new PipelineSettings("median:3", "auto", null, null, null), started.Settings);
        var submitted = (JobSubmitted)s.FromBinary("""{"Command":{"JobId":"j","Source":"/d","Settings":{"Denoise":"none","Segmentation":"unet"},"BatchSize":8,"Fingerprint":"fp"},"At":"2026-11-24T10:00:00+00:00"}"""u8.ToArray(), nameof(JobSubmitted));
        Assert.Null(submitted.Command.Settings.Channel);
        var batch = (ProcessBatch)s.FromBinary("""{"JobId":"j","RunId":1,"BatchId":2,"Settings":{"Denoise":"none","Segmentation":"auto"},"Frames":[{"Index":0,"Dataset":"d","Sequence":"","T":0,"Z":0,"Uri":"/d/a.tif","Page":2,"ImageId":"d/a"}]}"""u8.ToArray(), nameof(ProcessBatch));
        var frame = Assert.Single(batch.Frames);
        Assert.Null(frame.Channels);
        Assert.Null(frame.Scale);
        Assert.Equal([new ChannelPlane("/d/a.tif", 2, null)], frame.Planes());
    }

    [Fact]
    public void Long_rle_is_never_truncated()
    {
        var msg = new DecodeBatch("j", 1, 1, [Segmented], []);
        var s = _system.Serialization.FindSerializerFor(msg);
        var back = (DecodeBatch)s.FromBinary(s.ToBinary(msg), typeof(DecodeBatch));
        Assert.Equal(10_000, back.Frames[0].Objects[1].Rle.Length);
    }

    public void Dispose() => _system.Dispose();
}
