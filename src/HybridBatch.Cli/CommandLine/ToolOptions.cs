using System.CommandLine;
using HybridBatch.Adapters.Wiring;
using HybridBatch.Functions.Hosting;
using static HybridBatch.Cli.CommandLine.OptionKinds;

namespace HybridBatch.Cli.CommandLine;

/// <summary>The options of the commands that make data or measure: generate, calibrate, bench, invoke.</summary>
internal static class ToolOptions
{
    public static readonly Option<string?> GenerateOut = Text("--out", "FILE",
        "the file to write (required); its name says the format and compression (.jsonl .csv .tsv .parquet, optional .gz .zst)");

    public static readonly Option<string?> GenerateSchema = Text("--schema", "S", "a sample (orders, customers, inventory) or a JSON Schema file (default orders)");

    public static readonly Option<long?> GenerateRecords = Long("--records", "N", "records to write (default 1000000)");

    public static readonly Option<int?> Seed = Int("--seed", "N", "the generator's seed (default 42)");

    public static readonly Option<double?> InvalidRate = Double("--invalid-rate", "R", "share of records that break the schema (default 0)");

    public static readonly Option<int?> RowGroupRows = Int("--row-group-rows", "N",
        $"Parquet: one column per scalar property, row groups of N rows (default {Commands.GenerateCommand.DefaultRowGroupRows})");

    public static readonly Option<string?> CalibrateDestination = Choice("--destination", SinkFactories.Names,
        "measure only this destination (and discard); default: every one reachable (sqs when SQS_QUEUE_URL is set)",
        (command, value) => $"{command}: unknown destination '{value}'; use one of {string.Join(", ", SinkFactories.Names)}");

    public static readonly Option<long?> CalibrateRecords = Long("--records", "N", "orders to measure on, 1000 or more (default 500000)");

    public static readonly Option<string?> CalibrateOut = Text("--out", "FILE", "where the cost model is written (default out/cost-model.json)");

    public static readonly Option<long?> BenchRecords = Long("--records", "N", "orders in the generated file (default 1000000)");

    public static readonly Option<long?> PythonRecords = Long("--python-records", "N", "the Python baseline reads at most this many (default 200000)");

    public static readonly Option<int?> Repetitions = Int("--repetitions", "N", "each measure runs this many times; the best counts (default 3)");

    public static readonly Option<string?> BenchDestination = Choice("--destination", ["discard", "kafka"],
        "discard (default): throughput next to baselines; kafka: publishing next to kcat on a local mock cluster",
        (command, value) => $"{command}: --destination must be discard or kafka, got '{value}'");

    public static readonly Option<int?> BenchThreads = Int("--threads", "N", "the split's scaling from 1 to N threads (default: the number of cores)");

    public static readonly Option<bool> Large = Flag("--large", "also one timed run --destination file of a large file (10000000 records unless --large-records)");

    public static readonly Option<long?> LargeRecords = Long("--large-records", "N", "records of the --large file (implies --large)");

    public static readonly Option<bool> Keep = Flag("--keep", "keep the generated files in the temporary folder (for a look afterwards)");

    public static readonly Argument<string?> Handler = HandlerArgument();

    public static readonly Option<double?> TimeoutSeconds = Double("--timeout-seconds", "S", "the invocation's time limit, as the function's timeout (default 900)");

    /// <summary>What generate reads (as a writer it has no use for --csv-quotes).</summary>
    public static IReadOnlyList<Option> Generate { get; } =
        [GenerateOut, GenerateSchema, GenerateRecords, Seed, InvalidRate, EngineOptions.Format, EngineOptions.Delimiter, RowGroupRows];

    private static Argument<string?> HandlerArgument()
    {
        // Checked by invoke itself, whose message also says where the event comes from.
        var handler = new Argument<string?>("HANDLER")
        {
            Description = $"the Lambda handler to run: {string.Join(", ", LocalInvoker.HandlerNames)}",
            Arity = ArgumentArity.ZeroOrOne,
        };
        handler.CompletionSources.Add([.. LocalInvoker.HandlerNames]);
        return handler;
    }
}
