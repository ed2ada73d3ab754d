using System.CommandLine;
using System.Globalization;
using HybridBatch.Core;
using HybridBatch.Core.Routing;

namespace HybridBatch.Cli.CommandLine;

/// <summary>
/// The command line of one chunk worker, <c>hybridbatch process</c>: the local runner renders it
/// (<see cref="ToArguments"/>) and the worker binds it from its parse (<see cref="Bind"/>), both through the options
/// declared in <see cref="WorkerOptions"/> and <see cref="EngineOptions"/>, so the two cannot drift; the template's
/// Batch job definition passes a subset of it (a deploy test holds them together).
/// </summary>
internal sealed record WorkerArguments
{
    public required string RunId { get; init; }

    /// <summary>Null: from <c>AWS_BATCH_JOB_ARRAY_INDEX</c>.</summary>
    public int? ChunkId { get; init; }

    public long? StartIndex { get; init; }

    public long? EndIndex { get; init; }

    /// <summary>The run's files are in this folder (<c>--work</c>); else in <see cref="WorkBucket"/>.</summary>
    public string? WorkFolder { get; init; }

    /// <summary>The bucket holding the run's files; null with <see cref="WorkFolder"/> or from <c>S3_BUCKET</c>.</summary>
    public string? WorkBucket { get; init; }

    public Route Route { get; init; } = Route.Batch;

    /// <summary>Null: from <c>AWS_BATCH_JOB_ATTEMPT</c>, else 1.</summary>
    public int? Attempt { get; init; }

    public double? EstimatedCostUsd { get; init; }

    public double? EstimatedSeconds { get; init; }

    public double? ProgressIntervalSeconds { get; init; }

    public bool WatchParent { get; init; }

    /// <summary>Where <c>--destination file</c> writes when the run's files are in a bucket.</summary>
    public string? Out { get; init; }

    /// <summary>Null: from <c>RECORD_DESTINATION</c>.</summary>
    public string? Destination { get; init; }

    public string? KeyField { get; init; }

    public int? StepRecords { get; init; }

    public double? StepSeconds { get; init; }

    public bool Revalidate { get; init; }

    /// <summary>The worker's reading of its command line (the processing settings are read again, with their environment fallbacks, by <see cref="EngineSettings.ReadProcessing"/>).</summary>
    public static WorkerArguments Bind(CommandArguments args)
    {
        return new WorkerArguments
        {
            RunId = args.Required(Name(WorkerOptions.RunId)),
            ChunkId = args.Int(Name(WorkerOptions.ChunkId)),
            StartIndex = args.Long(Name(WorkerOptions.StartIndex)),
            EndIndex = args.Long(Name(WorkerOptions.EndIndex)),
            WorkFolder = args.Text(Name(WorkerOptions.Work)),
            WorkBucket = args.Text(Name(WorkerOptions.WorkBucket)),
            Route = args.Text(Name(WorkerOptions.Route)) is string route ? ContractNames.Routes.Parse(route, "--route") : Route.Batch,
            Attempt = args.Int(Name(WorkerOptions.Attempt)),
            EstimatedCostUsd = args.Double(Name(WorkerOptions.EstimatedCost)),
            EstimatedSeconds = args.Double(Name(WorkerOptions.EstimatedSeconds)),
            ProgressIntervalSeconds = args.Double(Name(WorkerOptions.ProgressInterval)),
            WatchParent = args.Flag(Name(WorkerOptions.WatchParent)),
            Out = args.Text(Name(WorkerOptions.Out)),
            Destination = args.Text(Name(EngineOptions.Destination)),
            KeyField = args.Text(Name(EngineOptions.KeyField)),
            StepRecords = args.Int(Name(EngineOptions.StepRecords)),
            StepSeconds = args.Double(Name(EngineOptions.StepSeconds)),
            Revalidate = args.Flag(Name(EngineOptions.Revalidate)),
        };
    }

    /// <summary>The arguments after the executable: <c>process --run-id …</c>; what is null is left out.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var arguments = new List<string> { "process" };
        Add(WorkerOptions.RunId, RunId);
        Add(WorkerOptions.ChunkId, Invariant(ChunkId));
        Add(WorkerOptions.StartIndex, Invariant(StartIndex));
        Add(WorkerOptions.EndIndex, Invariant(EndIndex));
        Add(WorkerOptions.Work, WorkFolder);
        Add(WorkerOptions.WorkBucket, WorkBucket);
        Add(WorkerOptions.Route, Route == Route.Batch ? null : Route.WireName());
        Add(WorkerOptions.Attempt, Invariant(Attempt));
        Add(WorkerOptions.EstimatedCost, RoundTrip(EstimatedCostUsd));
        Add(WorkerOptions.EstimatedSeconds, RoundTrip(EstimatedSeconds));
        Add(WorkerOptions.ProgressInterval, RoundTrip(ProgressIntervalSeconds));
        Flag(WorkerOptions.WatchParent, WatchParent);
        Add(WorkerOptions.Out, Out);
        Add(EngineOptions.Destination, Destination);
        Add(EngineOptions.KeyField, KeyField);
        Add(EngineOptions.StepRecords, Invariant(StepRecords));
        Add(EngineOptions.StepSeconds, RoundTrip(StepSeconds));
        Flag(EngineOptions.Revalidate, Revalidate);
        return arguments;

        void Add(Option option, string? value)
        {
            if (value is not null)
            {
                arguments.Add(option.Name);
                arguments.Add(value);
            }
        }

        void Flag(Option option, bool set)
        {
            if (set)
            {
                arguments.Add(option.Name);
            }
        }
    }

    private static string Name(Option option) => option.Name[2..];

    private static string? Invariant(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    // "R": the shortest text that parses back to the same double.
    private static string? RoundTrip(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
}
