using System.Text.Json;
using HybridBatch.Core.Compression;
using HybridBatch.Core.Parquet;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Validation;
using HybridBatch.Core.Json;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// The split use case: reads the input object once (pinned to the version seen at the start), validates and
/// cuts it, and stores the plan, the validation report, the rejects and a copy of the schema under
/// <c>runs/{runId}/</c>. Publishes nothing: the gate's verdict is in the answer.
/// </summary>
public sealed class SplitRun
{
    private readonly IObjectStore _store;
    private readonly Func<IObjectStore, RunLayout, IChunkStaging>? _staging;
    private readonly TimeProvider _time;

    /// <param name="store">Where the input is and where the run's files go.</param>
    /// <param name="staging">Stages chunks of compressed input; without it, compressed input is refused.</param>
    /// <param name="time">The clock.</param>
    public SplitRun(IObjectStore store, Func<IObjectStore, RunLayout, IChunkStaging>? staging, TimeProvider time)
    {
        _store = store;
        _staging = staging;
        _time = time;
    }

    public async Task<SplitResult> ExecuteAsync(SplitRequest request, CancellationToken cancellationToken)
    {
        request.Gate.Validate();
        DateTimeOffset started = _time.GetUtcNow();
        long startTicks = _time.GetTimestamp();
        ObjectInfo info = await _store.StatAsync(request.Source, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"input not found: {request.Source}");
        if (request.ExpectedVersion is string expected && expected != info.Version)
        {
            throw new ObjectChangedException(request.Source, expected, info.Version);
        }

        var layout = new RunLayout(request.WorkBucket, RunId.ForAttempt(RunId.Derive(info), request.Attempt));
        bool stage = request.Format.Compressed && request.StageChunks;
        if (stage && _staging is null)
        {
            throw new NotSupportedException("compressed input needs chunk staging, which this host does not provide");
        }

        await _store.WriteAsync(layout.Schema, request.Schema.SourceJson, cancellationToken).ConfigureAwait(false);
        SplitOutcome outcome;
        bool threads = request.Split.Threads > 1;
        if (request.Format.Format == RecordFormat.Parquet)
        {
            // Parquet is read where its footer says, not front to back: a seekable view over ranged reads.
            await using var file = new ObjectByteSource(_store, info.Location, info.Size, info.Version, [(0, info.Size)]);
            await using Stream rejects = await _store.OpenWriteAsync(layout.Rejects, cancellationToken).ConfigureAwait(false);
            outcome = await new ParquetSplitter(request.Schema, request.Split).SplitAsync(file, info.Location.ToString(), rejects, cancellationToken).ConfigureAwait(false);
        }
        else if (threads && !request.Format.Compressed)
        {
            // Uncompressed input can be read at any offset: ranges of it are validated on every thread.
            await using Stream rejects = await _store.OpenWriteAsync(layout.Rejects, cancellationToken).ConfigureAwait(false);
            var parallel = new ParallelSplit(request.Schema, request.Format, request.Split);
            outcome = await parallel.SplitAsync((start, end, token) => _store.OpenReadAsync(info.Location, start, end, info.Version, token),
                info.Size, rejects, where => ObjectChangedException.ContentDiffers(info.Location, info.Version, where), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await using Stream source = await _store.OpenReadAsync(info.Location, 0, info.Size, info.Version, cancellationToken).ConfigureAwait(false);

            // Compressed input is one stream, framed on one thread; with threads to spare, decompression runs ahead on another.
            Stream decompressed = InputCompressionText.OpenReader(source, request.Format.Compression);
            await using Stream input = threads && request.Format.Compressed ? new ReadAheadStream(decompressed) : decompressed;
            await using Stream rejects = await _store.OpenWriteAsync(layout.Rejects, cancellationToken).ConfigureAwait(false);
            IChunkStaging? staging = stage ? _staging!(_store, layout) : null;
            var splitter = new Splitter(request.Schema, request.Format, request.Split);
            outcome = await splitter.SplitAsync(input, rejects, staging, cancellationToken).ConfigureAwait(false);
        }

        GateResult gate = ValidationGate.Evaluate(outcome.TotalRecords, outcome.RejectedRecords, outcome.StructuralErrors, request.Gate);
        ChunkPlan plan = BuildPlan(request, info, layout, outcome);
        ValidationReport report = BuildReport(request, info, layout, outcome, gate, started, _time.GetElapsedTime(startTicks).TotalSeconds);
        await _store.WriteAsync(layout.Plan, MinimalJsonEncoder.SerializeToUtf8Bytes(plan, HybridBatchJson.Default.ChunkPlan), cancellationToken).ConfigureAwait(false);
        await _store.WriteAsync(layout.Validation, MinimalJsonEncoder.SerializeToUtf8Bytes(report, HybridBatchJson.Default.ValidationReport), cancellationToken).ConfigureAwait(false);
        await _store.WriteAsync(layout.ChunkItems, MinimalJsonEncoder.SerializeToUtf8Bytes(plan.Chunks, HybridBatchJson.Default.IReadOnlyListChunkPlanEntry), cancellationToken).ConfigureAwait(false);
        SplitSummary summary = SplitSummary.Of(layout, info, outcome.TotalRecords, outcome.ValidRecords, outcome.RejectedRecords,
            plan.Chunks.Count, gate.Passed, gate.Reasons);
        await _store.WriteAsync(layout.Summary, MinimalJsonEncoder.SerializeToUtf8Bytes(summary, HybridBatchJson.Default.SplitSummary), cancellationToken).ConfigureAwait(false);
        return new SplitResult(summary, plan, report);
    }

    private static ChunkPlan BuildPlan(SplitRequest request, ObjectInfo info, RunLayout layout, SplitOutcome outcome) => new()
    {
        RunId = layout.RunId,
        Source = info.Location,
        SourceVersion = info.Version,
        SourceSize = info.Size,
        Format = request.Format.Format,
        Delimiter = ((char)request.Format.Delimiter).ToString(),
        Compression = InputCompressionText.Name(request.Format.Compression),
        CsvQuotes = CsvQuotesText.Name(request.Format.Quotes),
        Header = outcome.Header,
        Schema = request.Schema.Name,
        FormatAssertion = FormatAssertionText.Name(request.Schema.FormatAssertion),
        ChunkRecords = request.Split.ChunkRecords,
        MaxRecordBytes = request.Split.Scanner.MaxRecordBytes,
        MaxDepth = request.Split.MaxDepth,
        TotalRecords = outcome.TotalRecords,
        ValidRecords = outcome.ValidRecords,
        RejectedRecords = outcome.RejectedRecords,
        Chunks = outcome.Chunks,
    };

    private static ValidationReport BuildReport(SplitRequest request, ObjectInfo info, RunLayout layout, SplitOutcome outcome, GateResult gate, DateTimeOffset started, double seconds) => new()
    {
        RunId = layout.RunId,
        Source = info.Location,
        SourceVersion = info.Version,
        Format = request.Format.Format,
        Schema = request.Schema.Name,
        TotalRecords = outcome.TotalRecords,
        ValidRecords = outcome.ValidRecords,
        RejectedRecords = outcome.RejectedRecords,
        ErrorRate = outcome.TotalRecords == 0 ? 0 : (double)outcome.RejectedRecords / outcome.TotalRecords,
        Bytes = outcome.Bytes,
        Chunks = outcome.Chunks.Count,
        Gate = gate,
        StructuralErrors = outcome.StructuralErrors,
        FirstErrors = outcome.FirstErrors,
        ReasonCounts = outcome.ReasonCounts,
        StartedAt = started,
        DurationSeconds = seconds,
        RejectsKey = layout.Rejects.Key,
    };
}
