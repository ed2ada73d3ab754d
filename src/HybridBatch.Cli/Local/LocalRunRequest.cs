using HybridBatch.Cli.CommandLine;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;

namespace HybridBatch.Cli.Local;

/// <summary>Everything <c>hybridbatch run</c> needs to run one file on this machine.</summary>
internal sealed record LocalRunRequest
{
    public required RunTarget Target { get; init; }

    public required RecordSchema Schema { get; init; }

    public required InputFormat Format { get; init; }

    public required EngineSettings Settings { get; init; }

    /// <summary>Lambda-route chunks running at once, in this process.</summary>
    public required int LambdaConcurrency { get; init; }

    /// <summary>Batch-route chunks running at once, as child processes.</summary>
    public required int BatchConcurrency { get; init; }

    /// <summary>The destination for chunks of a run (given its run id).</summary>
    public required Func<string, IRecordSinkFactory> Sinks { get; init; }

    /// <summary>Environment variables a <c>hybridbatch process</c> child gets on top of this process's.</summary>
    public IReadOnlyDictionary<string, string> WorkerEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>The cost model the routes and estimates use, and where it came from.</summary>
    public CostModelChoice CostModel { get; init; } = new(new Core.Routing.CostModelOptions(), CostModelChoice.BuiltIn);

    /// <summary>With <see cref="PlanOnly"/>: also project an AWS run of the plan (<c>--simulate aws</c>).</summary>
    public AwsSimulationRequest? SimulateAws { get; init; }

    /// <summary>Stop after the split and routing, print the plan, process nothing.</summary>
    public bool PlanOnly { get; init; }

    /// <summary>
    /// <c>--force</c>: publish the file again as a new attempt (run id <c>{runId}-a{n}</c>), even when an earlier run
    /// of it finished or was planned with other settings.
    /// </summary>
    public bool Force { get; init; }
}
