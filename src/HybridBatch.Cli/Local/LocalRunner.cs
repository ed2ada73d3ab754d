using System.Globalization;
using System.Text.Json;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Adapters.Storage;
using HybridBatch.Core;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Simulation;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Cli.Local;

/// <summary>
/// <c>hybridbatch run</c>: the whole flow on this machine. One run of a file into a folder at a time
/// (<see cref="RunLock"/>), one plan per run folder (<see cref="RunAttemptChoice"/>); split and gate as in the cloud;
/// chunks an earlier run of the same plan published are reused; Lambda-route chunks run in this process in parallel,
/// Batch-route chunks as <c>hybridbatch process</c> child processes (the command the Batch container runs); both are
/// retried like their cloud counterparts; then the aggregate. Stopped by SIGINT or SIGTERM, it stops its workers,
/// waits for every one, and says how they stopped.
/// </summary>
internal sealed class LocalRunner
{
    private readonly TextWriter _log;
    private readonly ILog _jsonLog;
    private readonly bool _interactive;

    /// <param name="log">The console's lines for people.</param>
    /// <param name="jsonLog">The JSON lines the cloud routes write too (the split's summary line), for tools.</param>
    /// <param name="interactive">Whether <paramref name="log"/> is a terminal.</param>
    public LocalRunner(TextWriter log, ILog jsonLog, bool interactive)
    {
        _log = log;
        _jsonLog = jsonLog;
        _interactive = interactive;
    }

    /// <returns>How the run ended, or null for a plan only.</returns>
    public async Task<LocalRunOutcome?> RunAsync(LocalRunRequest request, CancellationToken cancellationToken)
    {
        RunTarget target = request.Target;
        IObjectStore store = target.Store;
        string work = target.WorkBucket;
        ObjectLocation source = target.Source;
        ObjectInfo info = await store.StatAsync(source, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"input not found: {target.Describe(source)}");
        string objectRunId = RunId.Derive(info);
        using RunLock runLock = await RunLock.AcquireAsync(Path.Combine(target.LocalOutputRoot, "runs"), objectRunId, cancellationToken).ConfigureAwait(false);
        RunSettings settings = RunSettings.Of(request);
        EarlierRun? earlier = await RunHistory.LatestAsync(store, work, objectRunId, cancellationToken).ConfigureAwait(false);
        (int attempt, bool resuming, RunReport? complete) = RunAttemptChoice.Choose(earlier, settings, request, objectRunId);
        if (complete is not null)
        {
            Log($"Run {complete.RunId} is already complete: {complete.Published:N0} records published to {complete.Destination} (report of {complete.GeneratedAt:u}); nothing published again (add --force to publish the file again as run {RunId.ForAttempt(objectRunId, attempt + 1)})");
            return new LocalRunOutcome(complete, AlreadyComplete: true, FailedTransiently: false);
        }

        if (request.Force && attempt > 1 && attempt > (earlier?.Attempt ?? 0))
        {
            Log($"--force: publishing the file again as run {RunId.ForAttempt(objectRunId, attempt)} (attempt {attempt}); run {earlier!.RunId} stays as it was");
        }

        if (request.Schema.ConstrainsNothing)
        {
            Log($"Reading {target.Describe(source)} ({RecordSchema.NoSchemaNotice})");
        }
        else
        {
            Log($"Validating {target.Describe(source)} against schema '{request.Schema.Name}'");
        }
        var split = new SplitRun(store, (s, layout) => new TempFileChunkStaging(s, layout), TimeProvider.System);
        var splitRequest = new SplitRequest(source, request.Schema, request.Format, work, request.Settings.Split, request.Settings.Gate)
        {
            ExpectedVersion = info.Version,
            Attempt = attempt,
            StageChunks = !request.PlanOnly,
        };
        SplitResult result = await split.ExecuteAsync(splitRequest, cancellationToken).ConfigureAwait(false);
        SplitSummary summary = result.Summary;
        SplitSummaryLog.Write(_jsonLog, source, summary, needsBatchValidation: false);
        var layout = new RunLayout(work, summary.RunId);
        await RunHistory.WriteSettingsAsync(store, layout, settings, cancellationToken).ConfigureAwait(false);
        double megabytes = result.Report.Bytes / 1e6;
        Log($"Validated {summary.TotalRecords:N0} records ({summary.ValidRecords:N0} valid, {summary.RejectedRecords:N0} rejected), {megabytes:N1} MB in {result.Report.DurationSeconds:N2} s ({megabytes / Math.Max(result.Report.DurationSeconds, 1e-6):N0} MB/s); run {summary.RunId}, {summary.Chunks} chunks");

        var aggregate = new AggregateRun(store, TimeProvider.System);
        if (!summary.GatePassed)
        {
            Log($"Validation gate failed: nothing published");
            RunReport refused = await aggregate.ExecuteAsync(work, summary.RunId, request.Settings.Destination, request.Settings.ToleratedFailurePercentage, cancellationToken).ConfigureAwait(false);
            return new LocalRunOutcome(refused, AlreadyComplete: false, FailedTransiently: false);
        }

        var costs = new CostModel(request.CostModel.Options, request.Settings.Destination);
        var router = new ChunkRouter(request.Settings.Routing, costs);
        HashSet<int> published = request.PlanOnly ? [] : await PublishedChunksAsync(store, layout, cancellationToken).ConfigureAwait(false);
        List<ChunkWork> chunks = result.Plan.Chunks.Select(c => new ChunkWork(c, router.Decide(c)) { Reused = published.Contains(c.ChunkId) }).ToList();
        foreach (ChunkWork chunk in chunks)
        {
            Log($"  chunk {chunk.Chunk.ChunkId}: records {chunk.Chunk.StartIndex:N0}..{chunk.Chunk.EndIndex - 1:N0}, bytes {chunk.Chunk.ByteStart:N0}..{chunk.Chunk.ByteEnd:N0} -> {chunk.Decision.Reason}; est. {chunk.Decision.EstimatedSeconds:N1} s, ${chunk.Decision.EstimatedCostUsd:F5}{(chunk.Reused ? "; already published" : "")}");
        }

        LocalRunEstimate estimate = RunEstimates.Local(request, costs, summary.TotalRecords, chunks);
        RunEstimates.WriteLocal(_log, estimate, costs, request.CostModel.Source);
        if (request.PlanOnly)
        {
            Log($"Estimated cost ${chunks.Sum(c => c.Decision.EstimatedCostUsd):F5}; plan in {target.Describe(layout.Plan)}");
            if (request.SimulateAws is { } simulation)
            {
                string destination = request.Settings.Destination is "kafka" or "sqs_core" ? request.Settings.Destination : new AwsSettings().RecordDestination;
                RunEstimates.Aws(_log, simulation, result.Plan, request.Settings.Routing, request.CostModel.Options, destination, request.CostModel.Source);
            }

            return null;
        }

        if (resuming)
        {
            Log($"resuming run {summary.RunId}: {published.Count:N0} of {chunks.Count:N0} chunks already published, {chunks.Count - published.Count:N0} to go");
        }

        var stops = new WorkerStops();
        await RunChunksAsync(request, layout, chunks, stops, cancellationToken).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            throw new RunStoppedException(stops.Describe());
        }

        var runEstimate = new RunEstimate { SplitSeconds = estimate.SplitSeconds, WallClockSeconds = estimate.WallClockSeconds, CostModelSource = request.CostModel.Source };
        RunReport report = await aggregate.ExecuteAsync(work, summary.RunId, request.Settings.Destination, request.Settings.ToleratedFailurePercentage, mapError: null, runEstimate, cancellationToken).ConfigureAwait(false);
        bool transient = report.Status == RunStatus.Failed && report.MapError is null
            && report.FailedChunks.All(f => f.Retryable || chunks.Single(c => c.Chunk.ChunkId == f.ChunkId).FailedTransiently);
        return new LocalRunOutcome(report, AlreadyComplete: false, FailedTransiently: transient);
    }

    // Every chunk to its route, at most so many at once per route; returns when every chunk is done or stopped, every
    // worker reaped: nothing this run started is still publishing.
    private async Task RunChunksAsync(LocalRunRequest request, RunLayout layout, List<ChunkWork> chunks, WorkerStops stops, CancellationToken cancellationToken)
    {
        IRecordSinkFactory sinks = request.Sinks(layout.RunId);
        using var ownedSinks = sinks as IDisposable;
        // A worker cannot reach this process's standard output on its own: its output comes through the relay.
        StdoutRelay? relay = request.Settings.Destination == LocalSinkFactory.Stdout ? new StdoutRelay(Console.OpenStandardOutput()) : null;
        if (relay is not null)
        {
            sinks = new RelayedSinkFactory(sinks, relay);
        }
        var inProcess = new ProcessChunkRun(request.Target.Store, sinks, request.Settings.Process, TimeProvider.System);
        var attempts = new ChunkAttempts(request, layout, _log, stops);
        using var lambdaSlots = new SemaphoreSlim(request.LambdaConcurrency);
        using var batchSlots = new SemaphoreSlim(request.BatchConcurrency);
        foreach (ChunkWork chunk in chunks.Where(c => c.Reused))
        {
            chunk.Done = true;
        }

        Task all = Task.WhenAll(chunks.Where(c => !c.Reused).Select(chunk => chunk.Decision.Route == Route.Lambda
            ? attempts.RunInProcessAsync(inProcess, chunk, lambdaSlots, cancellationToken)
            : attempts.RunChildAsync(chunk, batchSlots, relay, cancellationToken)));
        // Not cancelled with the run: the display ends when the chunks do, and they end after a stop too.
        await new ProgressDisplay(_log, _interactive, request.Target.Store, layout, chunks).ShowUntilAsync(all, CancellationToken.None).ConfigureAwait(false);
        await all.ConfigureAwait(false);
    }

    // Chunks whose stored result says succeeded: an earlier run of this plan published them.
    private static async Task<HashSet<int>> PublishedChunksAsync(IObjectStore store, RunLayout layout, CancellationToken cancellationToken)
    {
        var published = new HashSet<int>();
        foreach (string key in await store.ListAsync(layout.WorkBucket, layout.ResultsPrefix, cancellationToken).ConfigureAwait(false))
        {
            ChunkResult? result = JsonSerializer.Deserialize(await store.ReadAllAsync(layout.Plan.WithKey(key), cancellationToken).ConfigureAwait(false), HybridBatchJson.Default.ChunkResult);
            if (result is { Status: ChunkStatus.Succeeded } && result.RunId == layout.RunId)
            {
                published.Add(result.ChunkId);
            }
        }

        return published;
    }

    private void Log(FormattableString message) => _log.WriteLine(message.ToString(CultureInfo.InvariantCulture));
}
