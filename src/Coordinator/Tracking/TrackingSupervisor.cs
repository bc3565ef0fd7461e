using Akka.Actor;
using CellActors.Imaging.Tracking;
using CellActors.Messages;
using CellActors.Results.Tracking;

namespace CellActors.Coordinator.Tracking;

/// <summary>
/// Tracks a completed job: checks the job and the settings, then runs a <see cref="SequenceTrackerActor"/> per
/// sequence, at most <see cref="TrackJob.Parallelism"/> at once, and answers <see cref="GetTrackingProgress"/>.
/// Sequences already done are reported without work; interrupted ones resume from their last committed chunk.
/// </summary>
public sealed class TrackingSupervisor : ReceiveActor
{
    private readonly string _resultsPath;
    private readonly Queue<SequenceKey> _waiting = new();
    private readonly Dictionary<(string, string), SequenceProgressed> _progress = new();
    private readonly Dictionary<IActorRef, SequenceKey> _running = new();
    private readonly List<string> _problems = new();
    private string? _job;
    private TrackingOptions? _options;
    private int _parallelism = 1;
    private int _chunk = 50;
    private int _sequences;
    private int _done;

    /// <summary>Props for the supervisor of one results database.</summary>
    public static Props Props(string resultsPath) => Akka.Actor.Props.Create(() => new TrackingSupervisor(resultsPath));

    /// <summary>Creates the supervisor; nothing runs until <see cref="TrackJob"/>.</summary>
    public TrackingSupervisor(string resultsPath)
    {
        _resultsPath = resultsPath;
        Receive<TrackJob>(Start);
        Receive<SequenceProgressed>(p => _progress[(p.Dataset, p.Sequence)] = p);
        Receive<SequenceTracked>(Finished);
        Receive<Terminated>(t =>
        {
            if (!_running.Remove(t.ActorRef, out var key)) return;
            _problems.Add($"{key.Dataset}/{key.Sequence}: tracker stopped unexpectedly");
            _done++;
            StartMore();
        });
        Receive<GetTrackingProgress>(_ => Sender.Tell(Report()));
    }

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void Start(TrackJob cmd)
    {
        if (_job is not null)
        {
            Sender.Tell(new TrackingRejected(cmd.JobId, $"already tracking job '{_job}'"));
            return;
        }
        try
        {
            var options = new TrackingOptions(cmd.Settings.MaxDistance, cmd.Settings.MaxGap, cmd.Settings.MinDivisionAge);
            options.Validate();
            using var store = TrackingStore.Open(_resultsPath);
            var state = store.ReadJobStatus(cmd.JobId);
            if (state is null)
            {
                Sender.Tell(new TrackingRejected(cmd.JobId, $"no job '{cmd.JobId}' in {Results.Formats.ResultsDatabase.Describe(_resultsPath)}"));
                return;
            }
            if (state.Value.Status != JobPhase.Completed)
            {
                Sender.Tell(new TrackingRejected(cmd.JobId,
                    $"job '{cmd.JobId}' is not complete ({state.Value.FramesDone} of {state.Value.FrameCount} frames): finish it with `cellactors run` first"));
                return;
            }
            var sequences = store.Sequences(cmd.JobId);
            var settings = options.Describe();
            foreach (var s in sequences)
                if (store.Progress(cmd.JobId, s.Dataset, s.Sequence) is { } p && p.Settings != settings)
                {
                    Sender.Tell(new TrackingRejected(cmd.JobId,
                        $"{s.Dataset}/{s.Sequence} was tracked with other settings ({p.Settings}; now {settings}): use --force to track the job again"));
                    return;
                }
            _job = cmd.JobId;
            _options = options;
            _parallelism = Math.Max(1, cmd.Parallelism);
            _chunk = Math.Max(1, cmd.ChunkFrames);
            _sequences = sequences.Count;
            foreach (var s in sequences) _waiting.Enqueue(s);
        }
        catch (ArgumentException e)
        {
            Sender.Tell(new TrackingRejected(cmd.JobId, e.Message));
            return;
        }
        StartMore();
        Sender.Tell(Report());
    }

    private void StartMore()
    {
        while (_running.Count < _parallelism && _waiting.TryDequeue(out var key))
        {
            var child = Context.ActorOf(SequenceTrackerActor.Props(_resultsPath, _job!, key, _options!, _chunk), $"track-{_running.Count}-{Guid.NewGuid():N}");
            Context.Watch(child);
            _running[child] = key;
        }
    }

    private void Finished(SequenceTracked s)
    {
        if (_running.Remove(Sender)) Context.Unwatch(Sender);
        _done++;
        _progress[(s.Dataset, s.Sequence)] = new SequenceProgressed(s.JobId, s.Dataset, s.Sequence, s.FramesTracked, s.FramesTracked, s.Tracks, s.Divisions);
        if (s.Status != TrackingStatus.Done) _problems.Add($"{s.Dataset}/{s.Sequence}: {s.Status.StoredName()}{(s.Message is null ? "" : ": " + s.Message)}");
        StartMore();
    }

    private TrackingProgress Report()
    {
        long frames = _progress.Values.Sum(p => (long)p.FramesTracked);
        long total = Math.Max(frames, _progress.Values.Sum(p => (long)p.FramesTotal) + _waiting.Sum(k => (long)k.Frames)
            + _running.Values.Where(k => !_progress.ContainsKey((k.Dataset, k.Sequence))).Sum(k => (long)k.Frames));
        return new TrackingProgress(_job ?? "", _sequences, _done, frames, total, _progress.Values.Sum(p => (long)p.Tracks),
            _progress.Values.Sum(p => (long)p.Divisions), _problems.ToList(), _job is not null && _done == _sequences);
    }
}
