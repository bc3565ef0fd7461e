using Akka.Actor;
using Akka.Event;
using Akka.Routing;
using CellActors.Messages;

namespace CellActors.GpuWorker;

/// <summary>
/// Stands in front of the cluster-aware decoder router of a node without decoders (<c>--decoders 0</c>). A router
/// with no routee drops what it is sent to dead letters: a batch a detector segmented before any decoder node was up
/// would be lost silently and its lease would wait for the lease timeout. The gate asks the router for its routees
/// (<see cref="GetRoutees"/>) and holds the segmented batches, with their reply-to, while there is none, then hands
/// them over in arrival order once a decoder node is up. What it holds is bounded by the job's lease cap
/// (<c>--max-in-flight</c>): every held batch is a leased, uncommitted batch. A batch lost after the hand-over (its
/// decoder node dies) is covered by the coordinator's lease timeout.
/// </summary>
public sealed class DecoderGate : ReceiveActor, IWithTimers
{
    private readonly IActorRef _router;
    private readonly Queue<(DecodeBatch Batch, IActorRef ReplyTo)> _held = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _asking;
    private bool _warned;

    private sealed record Check;

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>How often the gate asks the router again while it holds batches.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Props for a gate in front of <paramref name="router"/>.</summary>
    public static Props Props(IActorRef router) => Akka.Actor.Props.Create(() => new DecoderGate(router));

    /// <summary>Creates the gate.</summary>
    public DecoderGate(IActorRef router)
    {
        _router = router;
        Receive<DecodeBatch>(b =>
        {
            _held.Enqueue((b, Sender));
            Ask();
        });
        Receive<Routees>(r =>
        {
            _asking = false;
            if (!r.Members.Any())
            {
                if (!_warned)
                {
                    _log.Warning("no decoder node is up: holding {Count} segmented batches until one joins", _held.Count);
                    _warned = true;
                }
                Timers.StartSingleTimer("check", new Check(), RetryInterval);
                return;
            }
            if (_warned) _log.Info("a decoder node is up: handing over {Count} held batches", _held.Count);
            _warned = false;
            while (_held.TryDequeue(out var h)) _router.Tell(h.Batch, h.ReplyTo);
        });
        Receive<Check>(_ => Ask());
    }

    private void Ask()
    {
        if (_asking || _held.Count == 0) return;
        _asking = true;
        _router.Tell(GetRoutees.Instance);
    }
}
