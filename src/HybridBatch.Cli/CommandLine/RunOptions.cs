using System.CommandLine;
using static HybridBatch.Cli.CommandLine.OptionKinds;

namespace HybridBatch.Cli.CommandLine;

/// <summary>The options of a local run (<c>run</c>, <c>plan</c>, <c>demo</c>) beyond the engine's.</summary>
internal static class RunOptions
{
    public static readonly Argument<string?> File = new("FILE")
    {
        Description = "the input: a file on this machine or s3://bucket/key",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static readonly Option<string?> Out = Text("--out", "DIR",
        "where runs/{runId}/ is written (default out). One run of a file into a folder at a time (another exits 75 "
        + "naming the holder); a re-run resumes the earlier one with the same settings, says so, and refuses other settings (exit 2)");

    public static readonly Option<string?> WorkBucket = Text("--work-bucket", "B",
        "with an s3:// input: the bucket runs/{runId}/ is written to (default: env S3_BUCKET, else the input's bucket)");

    public static readonly Option<int?> LambdaConcurrency = Int("--lambda-concurrency", "N",
        "Lambda-route chunks at once, in process (default: the number of cores)");

    public static readonly Option<int?> BatchConcurrency = Int("--batch-concurrency", "N",
        "Batch-route chunks at once, as child processes (default 2)");

    public static readonly Option<string?> CostModel = Text("--cost-model", "FILE",
        "the cost model (a calibrate file); default: DIR/cost-model.json of --out when present, else built-in defaults; the report says which");

    public static readonly Option<bool> Force = Flag("--force",
        "publish the file again as a new attempt, run {runId}-a2, -a3, … (without it a finished run is not published again: it prints its report, exit 0)");

    public static readonly Option<string?> Simulate = Choice("--simulate", ["aws"],
        "project an AWS run with the template's settings (wall time, cost by service, critical path)",
        (command, value) => $"{command}: --simulate {value}: the only simulation is 'aws'");

    public static readonly Option<long?> SimulatedRecords = Long("--records", "N",
        "with --simulate aws: project a file of N records like this one (its bytes per record and reject rate)");

    public static readonly Option<long?> DemoRecords = Long("--records", "N", "orders to generate (default 1000000)");

    public static readonly Option<string?> DemoOut = Text("--out", "DIR",
        "where the generated file (DIR/demo/) and runs/{runId}/ are written (default out)");

    public static readonly Option<int?> DemoSeed = Int("--seed", "N", "the generator's seed (default 42)");

    public static readonly Option<double?> DemoInvalidRate = Double("--invalid-rate", "R", "share of generated orders that are invalid (default 0.002)");

    /// <summary>What <c>run</c> and <c>plan</c> read besides the engine's settings.</summary>
    public static IReadOnlyList<Option> Local { get; } = [Out, WorkBucket, LambdaConcurrency, BatchConcurrency, CostModel, Force];
}
