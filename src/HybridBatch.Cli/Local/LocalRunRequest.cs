using HybridBatch.Cli.CommandLine;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;

namespace HybridBatch.Cli.Local;

/// <summary>Everything <c>hybridbatch run</c> needs to run one file on this machine.</summary>
internal sealed record LocalRunRequest
{
    public required string File { get; init; }

    public required RecordSchema Schema { get; init; }

    public required InputFormat Format { get; init; }

    /// <summary>The output folder: the run's files go to <c>{OutDir}/runs/{runId}/</c>.</summary>
    public required string OutDir { get; init; }

    public required EngineSettings Settings { get; init; }

    /// <summary>Lambda-route chunks running at once, in this process.</summary>
    public required int LambdaConcurrency { get; init; }

    /// <summary>Batch-route chunks running at once, as child processes.</summary>
    public required int BatchConcurrency { get; init; }

    /// <summary>Stop after the split and routing, print the plan, process nothing.</summary>
    public bool PlanOnly { get; init; }
}
