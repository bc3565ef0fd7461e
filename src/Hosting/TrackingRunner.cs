using Akka.Actor;
using CellActors.Coordinator.Tracking;
using CellActors.Messages;

namespace CellActors.Hosting;

/// <summary>Runs tracking of a job in an actor system and waits for it: the piece shared by <c>cellactors track</c> and <c>cellactors run --track</c>.</summary>
public static class TrackingRunner
{
    /// <summary>
    /// Starts a <see cref="TrackingSupervisor"/> on <paramref name="resultsPath"/>, sends <paramref name="command"/> and
    /// polls progress (reported to <paramref name="onProgress"/>) until every sequence is done.
    /// </summary>
    /// <returns>The final <see cref="TrackingProgress"/>, or the <see cref="TrackingRejected"/> answer.</returns>
    public static async Task<ICellActorsMessage> RunAsync(ActorSystem system, string resultsPath, TrackJob command, Action<TrackingProgress>? onProgress, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(command);
        var supervisor = system.ActorOf(TrackingSupervisor.Props(resultsPath), $"tracking-{Guid.NewGuid():N}");
        try
        {
            var first = await supervisor.Ask<ICellActorsMessage>(command, TimeSpan.FromMinutes(10), cancel).ConfigureAwait(false);
            if (first is TrackingRejected) return first;
            while (true)
            {
                var p = await supervisor.Ask<TrackingProgress>(new GetTrackingProgress(command.JobId), TimeSpan.FromMinutes(1), cancel).ConfigureAwait(false);
                onProgress?.Invoke(p);
                if (p.Completed) return p;
                await Task.Delay(200, cancel).ConfigureAwait(false);
            }
        }
        finally
        {
            system.Stop(supervisor);
        }
    }
}
