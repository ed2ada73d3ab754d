using System.Text;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Adapters.Storage;
using HybridBatch.Adapters.Wiring;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Cli.Local;
using HybridBatch.Cli.Wiring;
using HybridBatch.Core;
using HybridBatch.Core.Json;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Processing;
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
        WorkerArguments worker = WorkerArguments.Bind(args);
        var settings = new SettingsReader(environment);
        // The run's files are in a folder here (--work); else in an S3 bucket (--work-bucket or S3_BUCKET).
        string? folder = worker.WorkFolder;
        string work = folder ?? worker.WorkBucket ?? settings.Text(SettingNames.WorkBucket)
            ?? throw new UsageException($"process: --work DIR, --work-bucket BUCKET or {SettingNames.WorkBucket} is required");
        string runId = worker.RunId;
        int chunkId = worker.ChunkId ?? settings.Int(SettingNames.BatchJobArrayIndex, 0)
            ?? throw new UsageException($"process: --chunk-id (or {SettingNames.BatchJobArrayIndex}) is required");
        var request = new ProcessChunkRequest
        {
            WorkBucket = work,
            RunId = runId,
            ChunkId = chunkId,
            StartIndex = worker.StartIndex,
            EndIndex = worker.EndIndex,
            Route = worker.Route,
            Attempt = worker.Attempt ?? settings.Int(SettingNames.BatchJobAttempt, 1) ?? 1,
            Worker = settings.Text(SettingNames.BatchJobId) ?? $"pid {Environment.ProcessId}",
            EstimatedCostUsd = worker.EstimatedCostUsd ?? 0,
            EstimatedSeconds = worker.EstimatedSeconds ?? 0,
            ProgressInterval = TimeSpan.FromSeconds(worker.ProgressIntervalSeconds ?? 5),
        };
        // The same options again, with their environment fallbacks and checks.
        (ProcessOptions processOptions, string destination) = EngineSettings.ReadProcessing(args, environment);
        processOptions = processOptions with { CrashAt = ReadCrashPoint(settings) };
        // Started by `hybridbatch run`: stop with the runner, even when it is killed outright.
        bool watchParent = worker.WatchParent;
        string outFolder = worker.Out ?? "out";
        args.EnsureNoneLeft();
        if (folder is not null && worker.WorkBucket is not null)
        {
            throw new UsageException("process: give --work (a folder) or --work-bucket (a bucket), not both");
        }

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
        output.WriteLine(Encoding.UTF8.GetString(MinimalJsonEncoder.SerializeToUtf8Bytes(result, HybridBatchJson.Default.ChunkResult)));
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
