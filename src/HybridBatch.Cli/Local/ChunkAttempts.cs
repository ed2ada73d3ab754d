using System.Globalization;
using System.Text.Json;
using HybridBatch.Adapters.Storage;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Core;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Storage;

namespace HybridBatch.Cli.Local;

/// <summary>
/// Runs one chunk of a local run to its end, attempt after attempt, as its cloud route would: up to
/// <see cref="MaxAttempts"/> (the state machine's and the Batch job definitions' budget), retrying only what the one
/// failure taxonomy retries. Stopped, it starts nothing new and records how the work in flight stopped.
/// </summary>
internal sealed class ChunkAttempts
{
    /// <summary>Attempts per chunk, as <c>MaxAttempts</c> of the state machine's retriers and <c>Attempts</c> of the job definitions.</summary>
    public const int MaxAttempts = 3;

    private readonly LocalRunRequest _request;
    private readonly RunLayout _layout;
    private readonly TextWriter _log;
    private readonly WorkerStops _stops;

    public ChunkAttempts(LocalRunRequest request, RunLayout layout, TextWriter log, WorkerStops stops)
    {
        _request = request;
        _layout = layout;
        _log = log;
        _stops = stops;
    }

    public async Task RunInProcessAsync(ProcessChunkRun run, ChunkWork chunk, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        if (!await TryEnterAsync(slots, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            for (int attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                try
                {
                    var processRequest = new ProcessChunkRequest
                    {
                        WorkBucket = _layout.WorkBucket,
                        RunId = _layout.RunId,
                        ChunkId = chunk.Chunk.ChunkId,
                        Route = Route.Lambda,
                        Attempt = attempt,
                        Worker = "in-process",
                        EstimatedCostUsd = chunk.Decision.EstimatedCostUsd,
                        EstimatedSeconds = chunk.EstimatedSeconds,
                        ProgressInterval = TimeSpan.FromMilliseconds(500),
                    };
                    ChunkResult result = await Task.Run(() => run.ExecuteAsync(processRequest, cancellationToken), CancellationToken.None).ConfigureAwait(false);
                    Interlocked.Exchange(ref chunk.Published, result.Published);
                    chunk.FailedTransiently = false;
                    return;
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    _stops.InProcess();
                    return;
                }
                catch (Exception failure)
                {
                    bool retryable = FailureTaxonomy.IsRetried(FailureTaxonomy.Classify(failure));
                    chunk.FailedTransiently = retryable;
                    bool retry = attempt < MaxAttempts && retryable;
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

    public async Task RunChildAsync(ChunkWork chunk, SemaphoreSlim slots, StdoutRelay? relay, CancellationToken cancellationToken)
    {
        if (!await TryEnterAsync(slots, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            for (int attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                WorkerExit? exit = await ChildProcessRunner.RunAsync(WorkerArguments(chunk, attempt), _request.WorkerEnvironment, relay, cancellationToken).ConfigureAwait(false);
                if (exit is null)
                {
                    return; // Stopped before it started.
                }

                if (exit.AskedToStop)
                {
                    _stops.Worker(chunk.Chunk.ChunkId, exit);
                }

                if (exit.ExitCode == ExitCodes.Success)
                {
                    ChunkResult? result = await ReadResultAsync(chunk.Chunk.ChunkId).ConfigureAwait(false);
                    Interlocked.Exchange(ref chunk.Published, result?.Published ?? 0);
                    chunk.FailedTransiently = false;
                    return;
                }

                int removed = LeftoverFiles.Remove(_request.Target, _layout.RunId, chunk.Chunk.ChunkId, exit.Pid);
                if (exit.AskedToStop)
                {
                    return;
                }

                bool retryable = ExitCodes.IsRetried(exit.ExitCode);
                chunk.FailedTransiently = retryable;
                bool retry = attempt < MaxAttempts && retryable;
                string signal = ExitCodes.KilledBy(exit.ExitCode) is int number ? $" (killed by signal {number})" : "";
                string leftovers = removed > 0 ? $"; removed {removed} temporary file(s) it left" : "";
                Log($"  chunk {chunk.Chunk.ChunkId} worker attempt {attempt} (pid {exit.Pid}) exited with {exit.ExitCode}{signal}{(retry ? "; retrying" : "")}: {exit.Error ?? "(no output)"}{leftovers}");
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

    private IReadOnlyList<string> WorkerArguments(ChunkWork chunk, int attempt)
    {
        bool local = _request.Target.Store is LocalObjectStore;
        return new WorkerArguments
        {
            RunId = _layout.RunId,
            ChunkId = chunk.Chunk.ChunkId,
            StartIndex = chunk.Chunk.StartIndex,
            EndIndex = chunk.Chunk.EndIndex,
            WorkFolder = local ? _request.Target.WorkBucket : null,
            WorkBucket = local ? null : _request.Target.WorkBucket,
            Destination = _request.Settings.Destination,
            Attempt = attempt,
            EstimatedCostUsd = chunk.Decision.EstimatedCostUsd,
            EstimatedSeconds = chunk.EstimatedSeconds,
            ProgressIntervalSeconds = 0.5,
            WatchParent = true,
            KeyField = _request.Settings.Process.KeyField,
            StepRecords = _request.Settings.Process.StepRecords,
            StepSeconds = _request.Settings.Process.StepSeconds,
            Revalidate = _request.Settings.Process.Revalidate,
        }.ToArguments();
    }

    // Waits for a slot; false when the run is stopped first (the chunk is then left for the re-run).
    private static async Task<bool> TryEnterAsync(SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<ChunkResult?> ReadResultAsync(int chunkId)
    {
        ObjectLocation location = _layout.Result(chunkId);
        IObjectStore store = _request.Target.Store;
        if (await store.StatAsync(location, CancellationToken.None).ConfigureAwait(false) is null)
        {
            return null;
        }

        return JsonSerializer.Deserialize(await store.ReadAllAsync(location, CancellationToken.None).ConfigureAwait(false), HybridBatchJson.Default.ChunkResult);
    }

    private void Log(FormattableString message) => _log.WriteLine(message.ToString(CultureInfo.InvariantCulture));
}
