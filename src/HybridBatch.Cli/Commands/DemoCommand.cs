using System.Globalization;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Cli.Local;
using HybridBatch.Cli.Wiring;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Generation;

namespace HybridBatch.Cli.Commands;

/// <summary>
/// <c>hybridbatch demo</c>: generates 1,000,000 orders (0.2 % invalid) and runs them. Chunks of 300,000 records
/// put the full chunks over the 290,000 threshold (Batch route, child processes) and the last one under it
/// (Lambda route, in process). Checks that published + rejected equals what was generated.
/// </summary>
internal static class DemoCommand
{
    internal const int DemoChunkRecords = 300_000;

    public static async Task<int> ExecuteAsync(CommandArguments args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        long records = args.Long("records") ?? 1_000_000;
        string outDir = args.Text("out", "out");
        string file = Path.Combine(outDir, "demo", $"orders-{records}.jsonl");
        var generation = new GeneratorOptions { Seed = args.Int("seed") ?? 42, InvalidRate = args.Double("invalid-rate") ?? 0.002 };
        (LocalKafka? kafka, Func<string, string?> effective) = RunCommand.StartLocalKafka(args, environment, console);
        using (kafka)
        {
            // The demo's data is orders it writes as JSON Lines, so its schema and format are those: no --schema, --format,
            // --delimiter, --csv-quotes, --format-assertion or --strict-keywords (they would misread the file or, with
            // formats off, let the generated invalid records through and fail the demo's own count).
            LocalRunRequest request = RunCommand.BuildRequest(args, file, effective, DemoChunkRecords, (RecordSchema.LoadSample("orders"), InputFormat.Detect(file)));
            args.EnsureNoneLeft();
            return await RunAsync(request, records, file, generation, kafka, console, effective, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunAsync(LocalRunRequest request, long records, string file, GeneratorOptions generation, LocalKafka? kafka, CliConsole console,
        Func<string, string?> environment, CancellationToken cancellationToken)
    {
        console.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generating {records:N0} orders ({generation.InvalidRate:P1} invalid) into {Path.GetFullPath(file)}"));
        GenerationSummary generated = GenerateCommand.Generate("orders", file, records, generation);
        (int exitCode, RunReport? report) = await RunCommand.RunLocalAsync("demo", request, console, environment, cancellationToken).ConfigureAwait(false);
        if (report is null)
        {
            return exitCode;
        }

        exitCode = RunCommand.VerifyLocalKafka(kafka, report, console, exitCode);

        bool balanced = report.Published + report.Rejected == generated.Records && report.Rejected == generated.Invalid;
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Check: generated {generated.Records:N0} ({generated.Invalid:N0} invalid); published {report.Published:N0} + rejected {report.Rejected:N0} = {report.Published + report.Rejected:N0}: {(balanced ? "every record accounted for" : "MISMATCH")}"));
        return balanced ? exitCode : ExitCodes.ChunkFailed;
    }
}
