using System.Text.Json;
using System.Text.Json.Serialization;
using CellActors.Messages;
using CellActors.Results;

namespace CellActors.Cli;

/// <summary>
/// The <c>--json</c> documents of <c>status</c>, <c>list</c> and <c>cluster show</c> (their fields are listed in the
/// README, "JSON output"): snake_case names, every field always present (null when unknown), one document on stdout.
/// New fields may be added; existing ones keep their name and meaning.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="document"/> to stdout.</summary>
    public static void Write<T>(T document) => Console.WriteLine(JsonSerializer.Serialize(document, Options));

    /// <summary>One job of a results database.</summary>
    public static JobDocument Job(JobStatusReport s, IReadOnlyList<SequenceChoiceRow> choices) =>
        new(s.Job, s.Status.StoredName(), s.Source, s.FramesDone, s.FrameCount, s.FramesWithCells, s.Objects, s.Errors,
            s.FramesPerSecond, s.Runs, s.TimeLeft?.TotalSeconds, null, choices.Select(c => c.Segmenter).Distinct().FirstOrDefault(),
            choices.Select(c => new SequenceDocument(c.Dataset, c.Sequence, c.Segmenter, c.Frames, c.Describe())).ToList());

    /// <summary>One job as a cluster's coordinator reports it.</summary>
    public static JobDocument Job(JobStatus s) =>
        new(s.JobId, s.State.StoredName(), s.Source, s.FramesDone, s.FrameCount, s.FramesWithCells, s.Objects, s.Errors,
            s.FramesPerSecond, s.Runs, null, s.Detectors, s.Segmenter, []);

    /// <summary><c>status --json</c> and <c>list --json</c>: the jobs.</summary>
    /// <param name="Jobs">One entry per job.</param>
    internal sealed record JobsDocument(IReadOnlyList<JobDocument> Jobs);

    /// <summary>One job's figures (the text output's lines).</summary>
    /// <param name="Job">Job name.</param>
    /// <param name="State">submitted, running, paused, completed, cancelled (as stored).</param>
    /// <param name="Source">The job's source.</param>
    /// <param name="FramesDone">Frames committed.</param>
    /// <param name="FrameCount">Frames in the job.</param>
    /// <param name="FramesWithCells">Committed frames with at least one object.</param>
    /// <param name="Objects">Objects stored.</param>
    /// <param name="Errors">Rows in <c>errors</c>.</param>
    /// <param name="FramesPerSecond">Throughput of the last run.</param>
    /// <param name="Runs">Runs of the job.</param>
    /// <param name="TimeLeftSeconds">Estimated seconds left; null when unknown (and always from a cluster).</param>
    /// <param name="Detectors">The detectors registered with the coordinator (e.g. <c>cpu</c>, <c>cuda:0</c>); null from a database.</param>
    /// <param name="Segmenter">The segmenter setting; null when not known.</param>
    /// <param name="Sequences">What the segmenter chose per sequence (from a database; empty from a cluster).</param>
    internal sealed record JobDocument(
        string Job, string State, string Source, long FramesDone, long FrameCount, long FramesWithCells, long Objects, long Errors,
        double FramesPerSecond, int Runs, double? TimeLeftSeconds, IReadOnlyList<string>? Detectors, string? Segmenter,
        IReadOnlyList<SequenceDocument> Sequences);

    /// <summary>What the segmenter chose for one sequence.</summary>
    /// <param name="Dataset">Dataset.</param>
    /// <param name="Sequence">Sequence.</param>
    /// <param name="Segmenter">Segmenter setting and model.</param>
    /// <param name="Frames">Frames with this choice.</param>
    /// <param name="Choice">The choice in words, as the text output.</param>
    internal sealed record SequenceDocument(string Dataset, string Sequence, string Segmenter, long Frames, string Choice);

    /// <summary><c>cluster show --json</c>.</summary>
    /// <param name="Members">Every member, ordered by address.</param>
    /// <param name="Leader">The leader's address, or null.</param>
    /// <param name="Singleton">The oldest up coordinator node (where the job manager singleton runs), or null.</param>
    /// <param name="Coordinator">The job manager's own answer, or null when it did not answer.</param>
    /// <param name="CoordinatorError">Why the job manager did not answer, or null.</param>
    internal sealed record ClusterDocument(IReadOnlyList<MemberDocument> Members, string? Leader, string? Singleton, CoordinatorDocument? Coordinator, string? CoordinatorError);

    /// <summary>One cluster member.</summary>
    /// <param name="Address">akka.tcp://cellactors@host:port.</param>
    /// <param name="Status">Akka's member status (Joining, Up, Leaving, Exiting, Down...).</param>
    /// <param name="Reachable">False when some node cannot reach it.</param>
    /// <param name="Roles">Its roles (seed, coordinator, contact, worker, detector, decoder).</param>
    /// <param name="Answered">True for the contact node (seed or coordinator) whose view this is.</param>
    internal sealed record MemberDocument(string Address, string Status, bool Reachable, IReadOnlyList<string> Roles, bool Answered);

    /// <summary>The job manager's answer.</summary>
    /// <param name="Address">Where it runs.</param>
    /// <param name="ActiveJob">The job it is running, or null.</param>
    /// <param name="Detectors">The detectors registered with it.</param>
    internal sealed record CoordinatorDocument(string Address, string? ActiveJob, IReadOnlyList<DetectorDocument> Detectors);

    /// <summary>One registered detector.</summary>
    /// <param name="Id">Its id (actor path).</param>
    /// <param name="Provider">cpu, cuda:N, with the model; null when unknown.</param>
    internal sealed record DetectorDocument(string Id, string? Provider);
}
