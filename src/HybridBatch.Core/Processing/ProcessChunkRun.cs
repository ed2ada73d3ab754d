using System.Text.Json;
using HybridBatch.Core.Compression;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Parquet;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Json;

namespace HybridBatch.Core.Processing;

/// <summary>
/// The process-chunk use case, the same for the Lambda function and the Batch job: loads the run's plan and
/// schema, reads the chunk's bytes pinned to the version the split saw, publishes through the sink, and stores
/// the chunk result. A failure stores a failed result and is rethrown: it never becomes a success. A chunk whose
/// stored result already says succeeded is not published again; that result is the answer. Publishing goes in
/// steps (see <see cref="ChunkProcessor"/>): a retry resumes after the last committed step, whether the destination
/// (<see cref="IRecordSink.RecoverAsync"/>) or <c>progress/chunk-N.json</c> knows of it.
/// </summary>
public sealed class ProcessChunkRun
{
    private readonly IObjectStore _store;
    private readonly IRecordSinkFactory _sinks;
    private readonly ProcessOptions _options;
    private readonly TimeProvider _time;
    private readonly ILog _log;

    /// <param name="store">Where the run's plan, schema, progress and results are.</param>
    /// <param name="sinks">The destination.</param>
    /// <param name="options">How to publish; validated here.</param>
    /// <param name="time">The clock of timestamps and durations.</param>
    /// <param name="log">Where the chunk's resume decision, step commits and outcome are logged; none if null.</param>
    public ProcessChunkRun(IObjectStore store, IRecordSinkFactory sinks, ProcessOptions options, TimeProvider time, ILog? log = null)
    {
        options.Validate();
        _store = store;
        _sinks = sinks;
        _options = options;
        _time = time;
        _log = log ?? NullLog.Instance;
    }

    public async Task<ChunkResult> ExecuteAsync(ProcessChunkRequest request, CancellationToken cancellationToken)
    {
        var layout = new RunLayout(request.WorkBucket, request.RunId);
        DateTimeOffset started = _time.GetUtcNow();
        long startTicks = _time.GetTimestamp();
        ChunkPlanEntry? chunk = null;
        try
        {
            byte[] planJson = await _store.ReadAllAsync(layout.Plan, cancellationToken).ConfigureAwait(false);
            ChunkPlan plan = JsonSerializer.Deserialize(planJson, HybridBatchJson.Default.ChunkPlan)
                ?? throw new InvalidDataException($"{layout.Plan} is empty");
            chunk = FindChunk(plan, request);
            if (await ReadSucceededResultAsync(layout, chunk.ChunkId, cancellationToken).ConfigureAwait(false) is { } done)
            {
                // A retry of a chunk that already succeeded (a lost answer, a re-run of the same object): publishing
                // again would commit every record a second time, so the stored result is the answer.
                _log.Info("Chunk {ChunkId} already succeeded; its stored result is the answer", chunk.ChunkId);
                LogOutcome(done);
                return done;
            }

            FormatAssertion formats = FormatAssertionText.TryParse(plan.FormatAssertion)
                ?? throw new ChunkDataException(request.ChunkId, $"the plan's formatAssertion is '{plan.FormatAssertion}', expected {FormatAssertionText.Choices}");
            RecordSchema schema = RecordSchema.Load(await _store.ReadAllAsync(layout.Schema, cancellationToken).ConfigureAwait(false), plan.Schema, formats);
            var processor = new ChunkProcessor(plan, schema, _options, _time);
            ChunkCheckpoint committed;
            await using (IRecordSink sink = await _sinks.CreateAsync(new ChunkContext(plan.RunId, chunk.ChunkId, plan.Source.ToString(), request.Attempt), cancellationToken).ConfigureAwait(false))
            {
                ChunkCheckpoint? resume = await ResumePointAsync(layout, chunk, sink, cancellationToken).ConfigureAwait(false);
                if (resume is not null && resume.IsFinal(chunk))
                {
                    // Every step is committed (the previous attempt died between its final commit and its result):
                    // publishing again would duplicate the chunk, so the checkpoint's counts are the answer.
                    _log.Info("Chunk {ChunkId} attempt {Attempt}: every step is already committed at record {NextIndex}", chunk.ChunkId, request.Attempt, resume.NextIndex);
                    committed = resume;
                }
                else
                {
                    ChunkCheckpoint from = resume ?? ChunkCheckpoint.Start(plan.RunId, chunk);
                    if (resume is not null)
                    {
                        _log.Info("Chunk {ChunkId} attempt {Attempt} resumes at record {NextIndex} with {Published} published before", chunk.ChunkId, request.Attempt,
                            resume.NextIndex, resume.Published);
                    }
                    else
                    {
                        _log.Info("Chunk {ChunkId} attempt {Attempt} starts at record {NextIndex}", chunk.ChunkId, request.Attempt, from.NextIndex);
                    }

                    var progress = new ProgressWriter(_store, layout, request, chunk, resume, _options.CrashAt, _time, _log);
                    await using Stream data = await OpenChunkAsync(layout, plan, chunk, from.ByteOffset, cancellationToken).ConfigureAwait(false);
                    committed = await processor.ProcessAsync(chunk, data, sink, from, request.Attempt, progress, cancellationToken).ConfigureAwait(false);
                }
            }

            if (committed.Records != chunk.Records || committed.Skipped != chunk.Rejected)
            {
                throw new ChunkDataException(chunk.ChunkId,
                    $"the committed checkpoint counts {committed.Records} records ({committed.Skipped} rejected), the plan {chunk.Records} ({chunk.Rejected} rejected)");
            }

            ChunkResult result = Result(request, chunk, started, startTicks) with { Published = committed.Published, Rejected = committed.Skipped, WithoutKeyField = committed.WithoutKeyField };
            await WriteResultAsync(layout, result, cancellationToken).ConfigureAwait(false);
            LogOutcome(result);
            return result;
        }
        catch (Exception failure)
        {
            ChunkResult failed = Result(request, chunk, started, startTicks) with
            {
                Status = ChunkStatus.Failed,
                // A full disk is named as such whichever writer met it, so the run's report can say so.
                ErrorType = failure is OperationCanceledException ? "Interrupted"
                    : StorageFullException.IsStorageFull(failure) ? nameof(StorageFullException)
                    : failure.GetType().Name,
                Error = failure.Message,
            };
            await TryWriteFailedResultAsync(layout, failed).ConfigureAwait(false);
            // A warning with the message, not the exception: the host reports the failure itself (the one ERROR line), and
            // a stack trace is not for users.
            _log.Warning("Chunk {ChunkId} attempt {Attempt} failed with {ErrorType}: {Error}", request.ChunkId, request.Attempt, failed.ErrorType, failed.Error);
            throw;
        }
    }

    private void LogOutcome(ChunkResult result) =>
        _log.Info("Chunk {ChunkId} published {Published} records to {Destination} in {Seconds} s", result.ChunkId, result.Published, result.Destination,
            Math.Round(result.DurationSeconds, 3));

    private static ChunkPlanEntry FindChunk(ChunkPlan plan, ProcessChunkRequest request)
    {
        ChunkPlanEntry chunk = plan.Chunks.FirstOrDefault(c => c.ChunkId == request.ChunkId)
            ?? throw new ChunkDataException(request.ChunkId, $"run {plan.RunId} has no such chunk (it has {plan.Chunks.Count})");
        if ((request.StartIndex is long start && start != chunk.StartIndex) || (request.EndIndex is long end && end != chunk.EndIndex))
        {
            throw new ChunkDataException(request.ChunkId,
                $"asked for records [{request.StartIndex}, {request.EndIndex}) but the plan has [{chunk.StartIndex}, {chunk.EndIndex})");
        }

        return chunk;
    }

    /// <summary>
    /// Where to resume: the later of what the destination knows is committed and the checkpoint in
    /// <c>progress/chunk-N.json</c> (the destination's can be a step ahead: the checkpoint is written after the commit).
    /// Null when nothing is committed.
    /// </summary>
    private async Task<ChunkCheckpoint?> ResumePointAsync(RunLayout layout, ChunkPlanEntry chunk, IRecordSink sink, CancellationToken cancellationToken)
    {
        ChunkCheckpoint? atDestination = await sink.RecoverAsync(cancellationToken).ConfigureAwait(false);
        atDestination?.EnsureBelongsTo(layout.RunId, chunk, $"the {_sinks.Destination} destination");
        ChunkCheckpoint? stored = await ReadStoredCheckpointAsync(layout, chunk, cancellationToken).ConfigureAwait(false);
        return ChunkCheckpoint.Later(atDestination, stored);
    }

    private async Task<ChunkCheckpoint?> ReadStoredCheckpointAsync(RunLayout layout, ChunkPlanEntry chunk, CancellationToken cancellationToken)
    {
        ObjectLocation location = layout.Progress(chunk.ChunkId);
        if (await _store.StatAsync(location, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        ChunkProgress? progress;
        try
        {
            progress = JsonSerializer.Deserialize(await _store.ReadAllAsync(location, cancellationToken).ConfigureAwait(false), HybridBatchJson.Default.ChunkProgress);
        }
        catch (JsonException unreadable)
        {
            throw new ChunkDataException(chunk.ChunkId, $"{location} is not a progress object ({unreadable.Message})");
        }

        progress?.Checkpoint?.EnsureBelongsTo(layout.RunId, chunk, location.ToString());
        return progress?.Checkpoint;
    }

    /// <summary>
    /// The chunk's bytes from <paramref name="offset"/> (relative to the chunk's start) to its end, each checked against
    /// the split's hash before it is handed on: the read starts at the start of the offset's hashed block.
    /// </summary>
    private async Task<Stream> OpenChunkAsync(RunLayout layout, ChunkPlan plan, ChunkPlanEntry chunk, long offset, CancellationToken cancellationToken)
    {
        long readFrom = VerifiedChunkStream.ReadStart(chunk, offset);
        if (chunk.StagedKey is not null)
        {
            // Staged chunks live in the work bucket, next to the plan.
            ObjectLocation staged = layout.Plan.WithKey(chunk.StagedKey);
            Stream stagedBytes = await _store.OpenReadAsync(staged, readFrom, chunk.Bytes, chunk.StagedVersion, cancellationToken).ConfigureAwait(false);
            return VerifiedChunkStream.Wrap(stagedBytes, chunk, staged, chunk.StagedVersion ?? "unversioned", offset);
        }

        if (plan.Format == RecordFormat.Parquet)
        {
            return await ParquetChunkReader.OpenAsync(_store, plan, chunk, offset, cancellationToken).ConfigureAwait(false);
        }

        if (InputCompressionText.TryParse(plan.Compression) is not InputCompression.None)
        {
            throw new ChunkDataException(chunk.ChunkId, $"the input is compressed ({plan.Compression}) but the chunk was not staged");
        }

        Stream bytes = await _store.OpenReadAsync(plan.Source, chunk.ByteStart + readFrom, chunk.ByteEnd, plan.SourceVersion, cancellationToken).ConfigureAwait(false);
        return VerifiedChunkStream.Wrap(bytes, chunk, plan.Source, plan.SourceVersion, offset);
    }

    private ChunkResult Result(ProcessChunkRequest request, ChunkPlanEntry? chunk, DateTimeOffset started, long startTicks) => new()
    {
        RunId = request.RunId,
        ChunkId = request.ChunkId,
        Route = request.Route,
        Status = ChunkStatus.Succeeded,
        Records = chunk?.Records ?? 0,
        Published = 0,
        Rejected = 0,
        Destination = _sinks.Destination,
        Attempt = request.Attempt,
        Worker = request.Worker,
        StartedAt = started,
        FinishedAt = _time.GetUtcNow(),
        DurationSeconds = _time.GetElapsedTime(startTicks).TotalSeconds,
        EstimatedCostUsd = request.EstimatedCostUsd,
        EstimatedSeconds = request.EstimatedSeconds,
    };

    private async Task<ChunkResult?> ReadSucceededResultAsync(RunLayout layout, int chunkId, CancellationToken cancellationToken)
    {
        ObjectLocation location = layout.Result(chunkId);
        if (await _store.StatAsync(location, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        ChunkResult? stored = JsonSerializer.Deserialize(await _store.ReadAllAsync(location, cancellationToken).ConfigureAwait(false), HybridBatchJson.Default.ChunkResult);
        return stored is { Status: ChunkStatus.Succeeded } && stored.RunId == layout.RunId && stored.ChunkId == chunkId ? stored : null;
    }

    private Task WriteResultAsync(RunLayout layout, ChunkResult result, CancellationToken cancellationToken) =>
        _store.WriteAsync(layout.Result(result.ChunkId), MinimalJsonEncoder.SerializeToUtf8Bytes(result, HybridBatchJson.Default.ChunkResult), cancellationToken);

    private async Task TryWriteFailedResultAsync(RunLayout layout, ChunkResult failed)
    {
        try
        {
            // Not the caller's token: it may be the one that just fired, and the reason should still be recorded.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await WriteResultAsync(layout, failed, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The failure itself is rethrown by the caller; a missing result is reported as "never reported".
        }
    }
}
