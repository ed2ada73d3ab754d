using HybridBatch.Adapters.Sinks;
using HybridBatch.Adapters.Storage;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Cli.Local;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Storage;

namespace HybridBatch.Cli.Commands;

/// <summary><c>hybridbatch run FILE</c> and <c>hybridbatch plan FILE</c>.</summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(CommandArguments args, CliConsole console, Func<string, string?> environment, bool planOnly, CancellationToken cancellationToken)
    {
        string file = args.Positional.FirstOrDefault()
            ?? throw new UsageException($"{args.Command}: name the file, e.g. 'hybridbatch {args.Command} orders.jsonl --schema orders'");
        LocalRunRequest request = BuildRequest(args, file, environment, defaultChunkRecords: null) with { PlanOnly = planOnly };
        args.EnsureNoneLeft(maxPositional: 1);
        (int exitCode, _) = await RunLocalAsync(request, console, cancellationToken).ConfigureAwait(false);
        return exitCode;
    }

    public static LocalRunRequest BuildRequest(CommandArguments args, string file, Func<string, string?> environment, int? defaultChunkRecords, string? defaultSchema = null)
    {
        EngineSettings settings = EngineSettings.Read(args, environment, defaultChunkRecords);
        if (!LocalSinkFactory.Names.Contains(settings.Destination))
        {
            throw new UsageException($"{args.Command}: destination '{settings.Destination}' is not available here; use one of {string.Join(", ", LocalSinkFactory.Names)}");
        }

        int lambdaConcurrency = args.Int("lambda-concurrency") ?? Environment.ProcessorCount;
        int batchConcurrency = args.Int("batch-concurrency") ?? 2;
        if (lambdaConcurrency < 1 || batchConcurrency < 1)
        {
            throw new UsageException($"{args.Command}: --lambda-concurrency and --batch-concurrency must be at least 1");
        }

        return new LocalRunRequest
        {
            File = file,
            Schema = EngineSettings.LoadSchema(args.Command, defaultSchema ?? args.Text("schema")),
            Format = EngineSettings.DetectFormat(args, file),
            OutDir = args.Text("out", "out"),
            Settings = settings,
            LambdaConcurrency = lambdaConcurrency,
            BatchConcurrency = batchConcurrency,
        };
    }

    public static async Task<(int ExitCode, RunReport? Report)> RunLocalAsync(LocalRunRequest request, CliConsole console, CancellationToken cancellationToken)
    {
        if (!File.Exists(request.File))
        {
            throw new UsageException($"file not found: {request.File}");
        }

        RunReport? report = await new LocalRunner(console.Log, console.Interactive).RunAsync(request, cancellationToken).ConfigureAwait(false);
        if (report is null)
        {
            return (ExitCodes.Success, null);
        }

        // With --destination stdout the records own standard output; the report goes with the logs.
        TextWriter output = request.Settings.Destination == LocalSinkFactory.Stdout ? console.Log : console.Out;
        var layout = new RunLayout(Path.GetFullPath(request.OutDir), report.RunId);
        output.Write(ReportTable.Render(report));
        output.WriteLine($"Report:  {LocalObjectStore.PathOf(layout.Report)}");
        if (request.Settings.Destination == LocalSinkFactory.File)
        {
            output.WriteLine($"Records: {LocalObjectStore.PathOf(new ObjectLocation(layout.WorkBucket, layout.Prefix + "output"))}{Path.DirectorySeparatorChar}");
        }

        int exitCode = report.Status switch
        {
            RunReport.Succeeded => ExitCodes.Success,
            RunReport.ValidationFailed => ExitCodes.ValidationFailed,
            _ => ExitCodes.ChunkFailed,
        };
        return (exitCode, report);
    }
}
