using System.Globalization;
using System.Text.Json;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Adapters.Storage;
using HybridBatch.Core;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;

namespace HybridBatch.Cli.Local;

/// <summary>
/// <c>hybridbatch run</c>: the whole flow on this machine. Split and gate as in the cloud; Lambda-route chunks
/// run in this process in parallel, Batch-route chunks run as <c>hybridbatch process</c> child processes (the
/// command the Batch container runs); both are retried like their cloud counterparts; then the aggregate.
/// </summary>
internal sealed class LocalRunner
{
    private const int MaxAttempts = 3;

    private readonly TextWriter _log;
    private readonly bool _interactive;

    public LocalRunner(TextWriter log, bool interactive)
    {
        _log = log;
        _interactive = interactive;
    }

    public async Task<RunReport?> RunAsync(LocalRunRequest request, CancellationToken cancellationToken)
    {
        RunTarget target = request.Target;
        IObjectStore store = target.Store;
        string work = target.WorkBucket;
        ObjectLocation source = target.Source;
        Log($"Validating {target.Describe(source)} against schema '{request.Schema.Name}'");
        var split = new SplitRun(store, (s, layout) => new TempFileChunkStaging(s, layout), TimeProvider.System);
        SplitResult result = await split.ExecuteAsync(new SplitRequest(source, request.Schema, request.Format, work, request.Settings.Split, request.Settings.Gate) { StageChunks = !request.PlanOnly }, cancellationToken).ConfigureAwait(false);
        SplitSummary summary = result.Summary;
        double megabytes = result.Report.Bytes / 1e6;
        Log($"Validated {summary.TotalRecords:N0} records ({summary.ValidRecords:N0} valid, {summary.RejectedRecords:N0} rejected), {megabytes:N1} MB in {result.Report.DurationSeconds:N2} s ({megabytes / Math.Max(result.Report.DurationSeconds, 1e-6):N0} MB/s); run {summary.RunId}, {summary.Chunks} chunks");

        var aggregate = new AggregateRun(store, TimeProvider.System);
        if (!summary.GatePassed)
        {
            Log($"Validation gate failed: nothing published");
            return await aggregate.ExecuteAsync(work, summary.RunId, request.Settings.Destination, request.Settings.ToleratedFailurePercentage, cancellationToken).ConfigureAwait(false);
        }

        var router = new ChunkRouter(request.Settings.Routing, new CostModel(new CostModelOptions()));
        List<ChunkWork> chunks = result.Plan.Chunks.Select(c => new ChunkWork(c, router.Decide(c))).ToList();
        foreach (ChunkWork chunk in chunks)
        {
            Log($"  chunk {chunk.Chunk.ChunkId}: records {chunk.Chunk.StartIndex:N0}..{chunk.Chunk.EndIndex - 1:N0}, bytes {chunk.Chunk.ByteStart:N0}..{chunk.Chunk.ByteEnd:N0} -> {chunk.Decision.Reason}; est. {chunk.Decision.EstimatedSeconds:N1} s, ${chunk.Decision.EstimatedCostUsd:F5}");
        }

        if (request.PlanOnly)
        {
            Log($"Estimated cost ${chunks.Sum(c => c.Decision.EstimatedCostUsd):F5}; plan in {target.Describe(new RunLayout(work, summary.RunId).Plan)}");
            return null;
        }

        var layout = new RunLayout(work, summary.RunId);
        IRecordSinkFactory sinks = request.Sinks(summary.RunId);
        using var ownedSinks = sinks as IDisposable;
        var inProcess = new ProcessChunkRun(store, sinks, request.Settings.Process, TimeProvider.System);
        using var lambdaSlots = new SemaphoreSlim(request.LambdaConcurrency);
        using var batchSlots = new SemaphoreSlim(request.BatchConcurrency);
        Task all = Task.WhenAll(chunks.Select(chunk => chunk.Decision.Route == Route.Lambda
            ? RunInProcessAsync(inProcess, work, summary.RunId, chunk, lambdaSlots, cancellationToken)
            : RunChildAsync(request, store, work, summary.RunId, chunk, batchSlots, cancellationToken)));
        await new ProgressDisplay(_log, _interactive, store, layout, chunks).ShowUntilAsync(all, cancellationToken).ConfigureAwait(false);
        await all.ConfigureAwait(false);

        return await aggregate.ExecuteAsync(work, summary.RunId, request.Settings.Destination, request.Settings.ToleratedFailurePercentage, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunInProcessAsync(ProcessChunkRun run, string work, string runId, ChunkWork chunk, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                try
                {
                    var processRequest = new ProcessChunkRequest
                    {
                        WorkBucket = work,
                        RunId = runId,
                        ChunkId = chunk.Chunk.ChunkId,
                        Route = Route.Lambda,
                        Attempt = attempt,
                        Worker = "in-process",
                        EstimatedCostUsd = chunk.Decision.EstimatedCostUsd,
                        ProgressInterval = TimeSpan.FromMilliseconds(500),
                    };
                    ChunkResult result = await Task.Run(() => run.ExecuteAsync(processRequest, cancellationToken), cancellationToken).ConfigureAwait(false);
                    Interlocked.Exchange(ref chunk.Published, result.Published);
                    return;
                }
                catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
                {
                    bool retry = attempt < MaxAttempts && FailureTaxonomy.IsRetried(FailureTaxonomy.Classify(failure));
                    Log($"  chunk {chunk.Chunk.ChunkId} attempt {attempt} failed: {failure.GetType().Name}: {failure.Message}{(retry ? "; retrying" : "")}");
                    if (!retry)
                    {
                        return; // Recorded as a failed result; the aggregate reports the chunk as failed.
                    }
                }
            }
        }
        finally
        {
            chunk.Done = true;
            slots.Release();
        }
    }

    private async Task RunChildAsync(LocalRunRequest request, IObjectStore store, string work, string runId, ChunkWork chunk, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                var arguments = new List<string>
                {
                    "process", "--run-id", runId,
                    "--chunk-id", Invariant(chunk.Chunk.ChunkId),
                    "--start-index", Invariant(chunk.Chunk.StartIndex),
                    "--end-index", Invariant(chunk.Chunk.EndIndex),
                    "--destination", request.Settings.Destination,
                    "--attempt", Invariant(attempt),
                    "--estimated-cost", chunk.Decision.EstimatedCostUsd.ToString("R", CultureInfo.InvariantCulture),
                    "--progress-interval", "0.5",
                };
                arguments.AddRange(request.Target.WorkerArguments);
                if (request.Settings.Process.KeyField is string keyField)
                {
                    arguments.AddRange(["--key-field", keyField]);
                }

                arguments.AddRange(["--step-records", Invariant(request.Settings.Process.StepRecords),
                    "--step-seconds", request.Settings.Process.StepSeconds.ToString("R", CultureInfo.InvariantCulture)]);

                (int exitCode, IReadOnlyList<string> lastLines) = await ChildProcessRunner.RunAsync(arguments, request.WorkerEnvironment, cancellationToken).ConfigureAwait(false);
                if (exitCode == ExitCodes.Success)
                {
                    ChunkResult? result = await ReadResultAsync(store, new RunLayout(work, runId), chunk.Chunk.ChunkId, cancellationToken).ConfigureAwait(false);
                    Interlocked.Exchange(ref chunk.Published, result?.Published ?? 0);
                    return;
                }

                bool retry = attempt < MaxAttempts && ExitCodes.IsRetried(exitCode);
                Log($"  chunk {chunk.Chunk.ChunkId} worker attempt {attempt} exited with {exitCode}{(retry ? "; retrying" : "")}: {lastLines.LastOrDefault() ?? "(no output)"}");
                if (!retry)
                {
                    return;
                }
            }
        }
        finally
        {
            chunk.Done = true;
            slots.Release();
        }
    }

    private static async Task<ChunkResult?> ReadResultAsync(IObjectStore store, RunLayout layout, int chunkId, CancellationToken cancellationToken)
    {
        ObjectLocation location = layout.Result(chunkId);
        if (await store.StatAsync(location, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        return JsonSerializer.Deserialize(await store.ReadAllAsync(location, cancellationToken).ConfigureAwait(false), HybridBatchJson.Default.ChunkResult);
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private void Log(FormattableString message) => _log.WriteLine(message.ToString(CultureInfo.InvariantCulture));
}
