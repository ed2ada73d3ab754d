using System.Text.Json;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Adapters.Storage;
using HybridBatch.Adapters.Wiring;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Cli.Local;
using HybridBatch.Cli.Wiring;
using HybridBatch.Core;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Settings;
using HybridBatch.Core.Storage;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Cli.Commands;

/// <summary>
/// <c>hybridbatch process --run-id R --chunk-id N --start-index A --end-index B</c>: one chunk, as the Batch
/// processing job runs it (and as local runs start it for Batch-route chunks). Reads
/// <c>AWS_BATCH_JOB_ID</c>, <c>AWS_BATCH_JOB_ATTEMPT</c> and <c>AWS_BATCH_JOB_ARRAY_INDEX</c> when present.
/// Prints the chunk result as JSON. With <c>--watch-parent</c> it stops when its standard input closes (<see cref="ParentWatch"/>).
/// </summary>
internal static class ProcessCommand
{
    public static async Task<int> ExecuteAsync(CommandArguments args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        // --work DIR: the run's files are in a folder here; else in an S3 bucket (--work-bucket or S3_BUCKET).
        var settings = new SettingsReader(environment);
        string? folder = args.Text("work");
        string work = folder ?? args.Text("work-bucket") ?? settings.Text(SettingNames.WorkBucket)
            ?? throw new UsageException($"process: --work DIR, --work-bucket BUCKET or {SettingNames.WorkBucket} is required");
        string runId = args.Required("run-id");
        int chunkId = args.Int("chunk-id") ?? settings.Int(SettingNames.BatchJobArrayIndex, 0)
            ?? throw new UsageException($"process: --chunk-id (or {SettingNames.BatchJobArrayIndex}) is required");
        string routeName = args.Text("route", ContractNames.Routes.Name(Route.Batch));
        // A mistyped route is refused, never read as batch: the route decides the result's accounting.
        Route route = ContractNames.Routes.TryParse(routeName)
            ?? throw new UsageException($"process: --route must be {ContractNames.Routes.Choices}, got '{routeName}'");
        var request = new ProcessChunkRequest
        {
            WorkBucket = work,
            RunId = runId,
            ChunkId = chunkId,
            StartIndex = args.Long("start-index"),
            EndIndex = args.Long("end-index"),
            Route = route,
            Attempt = args.Int("attempt") ?? settings.Int(SettingNames.BatchJobAttempt, 1) ?? 1,
            Worker = settings.Text(SettingNames.BatchJobId) ?? $"pid {Environment.ProcessId}",
            EstimatedCostUsd = args.Double("estimated-cost") ?? 0,
            EstimatedSeconds = args.Double("estimated-seconds") ?? 0,
            ProgressInterval = TimeSpan.FromSeconds(args.Double("progress-interval") ?? 5),
        };
        (ProcessOptions processOptions, string destination) = EngineSettings.ReadProcessing(args, environment);
        processOptions = processOptions with { CrashAt = ReadCrashPoint(settings) };
        // Started by `hybridbatch run`: stop with the runner, even when it is killed outright.
        bool watchParent = args.Flag("watch-parent");
        // Where the file destination writes when the run's files are in a bucket; read before the check for unknown
        // options, which would otherwise refuse it.
        string outFolder = args.Text("out", "out");
        args.EnsureNoneLeft(maxPositional: 0);
        if (watchParent)
        {
            cancellationToken = ParentWatch.Start(cancellationToken);
        }

        Destinations.Check("process", destination);

        // The same JSON lines as the Lambda function writes for the same chunk, to standard error.
        JsonLogger log = WorkerJsonLog.Create(console, environment);
        log.Correlate(LogKeys.RunId, runId);
        log.Correlate(LogKeys.ChunkId, chunkId);
        IObjectStore store = folder is null ? AwsAccess.S3Store(environment, log) : new LocalObjectStore();
        string outputRoot = folder is not null ? LocalPaths.OutputFolder("process", "--work", folder)
            : destination == LocalSinkFactory.File ? LocalPaths.OutputFolder("process", "--out", outFolder)
            : Path.GetFullPath(outFolder);
        IRecordSinkFactory sinks = Destinations.Create(destination, environment, Path.Combine(outputRoot, "runs", runId, "output"), log);
        using var ownedSinks = sinks as IDisposable;
        ChunkResult result = await new ProcessChunkRun(store, sinks, processOptions, TimeProvider.System, log)
            .ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        TextWriter output = destination == LocalSinkFactory.Stdout ? console.Log : console.Out;
        output.WriteLine(JsonSerializer.Serialize(result, HybridBatchJson.Default.ChunkResult));
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>HYBRIDBATCH_CRASH_AT</c>, read by the worker only: <c>run</c> forwards it to its <c>process</c> workers but
    /// never applies it in its own process, where killing itself would end the whole run rather than one attempt.
    /// </summary>
    private static CrashPoint? ReadCrashPoint(SettingsReader settings)
    {
        try
        {
            return CrashPoint.Parse(settings.Text(SettingNames.CrashAt));
        }
        catch (ArgumentException invalid)
        {
            throw new UsageException($"process: {invalid.Message}");
        }
    }
}
