using System.CommandLine;
using HybridBatch.Core;
using HybridBatch.Core.Routing;
using static HybridBatch.Cli.CommandLine.OptionKinds;

namespace HybridBatch.Cli.CommandLine;

/// <summary>
/// The options of the Batch workers, <c>process</c> and <c>validate</c>: what the job definitions' <c>Command</c>
/// lists (template.yaml) and the local runner (<see cref="WorkerArguments"/>) pass.
/// </summary>
internal static class WorkerOptions
{
    public static readonly Option<string?> Work = Text("--work", "DIR", "the run's files are in this folder on this machine (how a local run starts its workers)");

    public static readonly Option<string?> WorkBucket = Text("--work-bucket", "B",
        "the bucket holding runs/{runId}/ (default: env S3_BUCKET); validate: default the input's bucket, with --local a folder");

    public static readonly Option<string?> RunId = Text("--run-id", "R", "the run (required); validate: exit 4 when the object is no longer that run's");

    public static readonly Option<int?> ChunkId = Int("--chunk-id", "N", "the chunk (required; default: env AWS_BATCH_JOB_ARRAY_INDEX)");

    public static readonly Option<long?> StartIndex = Long("--start-index", "A", "the chunk's first record index, checked against the plan");

    public static readonly Option<long?> EndIndex = Long("--end-index", "B", "the chunk's last record index, checked against the plan");

    public static readonly Option<string?> Route = Choice("--route", [.. ContractNames.Routes.All],
        "the route the chunk was given, as its result reports it (default batch)",
        (command, value) => $"{command}: --route must be {ContractNames.Routes.Choices}, got '{value}'");

    public static readonly Option<int?> Attempt = Int("--attempt", "N", "this attempt's number (default: env AWS_BATCH_JOB_ATTEMPT, else 1)");

    public static readonly Option<double?> EstimatedCost = Double("--estimated-cost", "USD", "the plan's cost estimate for the chunk, reported beside the real figures (default 0)");

    public static readonly Option<double?> EstimatedSeconds = Double("--estimated-seconds", "S", "the plan's time estimate for the chunk, for progress (default 0)");

    public static readonly Option<double?> ProgressInterval = Double("--progress-interval", "S", "seconds between progress lines (default 5)");

    public static readonly Option<bool> WatchParent = Flag("--watch-parent",
        "stop when standard input closes, i.e. when the runner that started this worker is gone (how run starts it)");

    public static readonly Option<string?> Out = Text("--out", "DIR", "with a work bucket, where --destination file writes runs/{runId}/output/ (default out)");

    public static readonly Option<string?> Bucket = Text("--bucket", "B", "the input's bucket (required); with --local a folder");

    public static readonly Option<string?> Key = Text("--key", "K", "the input's key (required); with --local a file name in that folder");

    public static readonly Option<bool> Local = Flag("--local", "the buckets are folders on this machine, not S3");

    /// <summary>What <c>process</c> reads: <see cref="WorkerArguments"/> and the processing settings.</summary>
    public static IReadOnlyList<Option> Process { get; } =
        [RunId, ChunkId, StartIndex, EndIndex, Work, WorkBucket, Route, Attempt, EstimatedCost, EstimatedSeconds, ProgressInterval, WatchParent, Out];

    /// <summary>What <c>validate</c> reads besides the engine's settings.</summary>
    public static IReadOnlyList<Option> Validate { get; } = [Bucket, Key, RunId, WorkBucket, Local];
}
