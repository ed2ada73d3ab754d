using HybridBatch.Core.Json;
using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Processing;

/// <summary>
/// Processes one chunk: scans exactly its bytes, skips the records the split rejected (listed in the plan; or, with
/// <see cref="ProcessOptions.Revalidate"/>, for a chunk marked <see cref="ChunkPlanEntry.Revalidate"/> and for plans
/// without content hashes, found by validating each record again), builds a message per valid record (JSON value,
/// key from the configured field or the record's identity) and hands them to the sink in batches, committing a step
/// every <see cref="ProcessOptions.StepRecords"/> records or <see cref="ProcessOptions.StepSeconds"/>, whichever comes
/// first. Resumes from a checkpoint with the counts carried over. Fails when the bytes do not hold what the split
/// counted; that is checked before the final step commits, so a chunk that does not match never completes. Skipping
/// without validating is safe only on the bytes the split judged: <see cref="VerifiedChunkStream"/> proves them block
/// by block before they are framed.
/// </summary>
public sealed class ChunkProcessor
{
    private readonly ChunkPlan _plan;
    private readonly RecordSchema _schema;
    private readonly ProcessOptions _options;
    private readonly RecordFormat _format;
    private readonly TimeProvider _time;

    public ChunkProcessor(ChunkPlan plan, RecordSchema schema, ProcessOptions options, TimeProvider? time = null)
    {
        options.Validate();
        _plan = plan;
        _schema = schema;
        _options = options;
        // A Parquet chunk reaches the processor as the JSON Lines its rows map to (Parquet.ParquetJsonLines).
        _format = plan.Format switch
        {
            RecordFormat.Csv => RecordFormat.Csv,
            RecordFormat.JsonLines or RecordFormat.Parquet => RecordFormat.JsonLines,
            _ => throw new ChunkDataException(-1, $"the plan's format {plan.Format} is not one this worker reads ({RecordFormatText.Choices})"),
        };
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Processes all of <paramref name="chunk"/> from <paramref name="data"/>, a stream of exactly its bytes, as attempt 1
    /// with no checkpoint, checking them against the plan's hashes (a mismatch names the plan's source).
    /// <paramref name="onBatchPublished"/> is told the running count of published records after each batch.
    /// </summary>
    public async Task<ChunkCounts> ProcessAsync(
        ChunkPlanEntry chunk,
        Stream data,
        IRecordSink sink,
        Func<long, CancellationToken, ValueTask>? onBatchPublished,
        CancellationToken cancellationToken)
    {
        await using Stream verified = VerifiedChunkStream.Wrap(data, chunk, _plan.Source, _plan.SourceVersion, fromOffset: 0);
        ChunkCheckpoint done = await ProcessAsync(chunk, verified, sink, ChunkCheckpoint.Start(_plan.RunId, chunk), attempt: 1,
            onBatchPublished is null ? null : new BatchCallback(onBatchPublished), cancellationToken).ConfigureAwait(false);
        return done.Counts;
    }

    /// <summary>
    /// Processes <paramref name="chunk"/> from checkpoint <paramref name="from"/> on: <paramref name="data"/> holds the
    /// chunk's bytes from <see cref="ChunkCheckpoint.ByteOffset"/> to its end, already checked by the caller
    /// (<see cref="ProcessChunkRun"/> reads them through <see cref="VerifiedChunkStream"/>). Returns the final
    /// checkpoint, committed.
    /// </summary>
    public async Task<ChunkCheckpoint> ProcessAsync(
        ChunkPlanEntry chunk,
        Stream data,
        IRecordSink sink,
        ChunkCheckpoint from,
        int attempt,
        IStepObserver? observer,
        CancellationToken cancellationToken)
    {
        from.EnsureBelongsTo(_plan.RunId, chunk, "the resume request");
        var scannerOptions = new RecordScannerOptions { MaxRecordBytes = _plan.MaxRecordBytes };
        using var scanner = new RecordScanner(data, _format, (byte)_plan.Delimiter[0], scannerOptions, chunk.ByteStart + from.ByteOffset, from.NextLine, from.NextIndex);
        var builder = new MessageBuilder(_plan, _schema, _options, new MessageBatch(capacityMessages: _options.BatchMessages), chunk, from);
        var steps = new StepState(this, chunk, sink, scanner, builder, attempt, observer, from.Step);
        bool more = await scanner.FillAsync(cancellationToken).ConfigureAwait(false);
        while (more)
        {
            Drained drained = builder.Drain(scanner, steps.RecordsAtStepEnd);
            if (drained == Drained.NeedInput)
            {
                more = await scanner.FillAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            await steps.PublishAsync(cancellationToken).ConfigureAwait(false);
            if (drained == Drained.StepFull || steps.TimeIsUp)
            {
                if (scanner.NextIndex < chunk.EndIndex)
                {
                    await steps.CommitAsync(final: false, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // A step never ends on the chunk's last record: that is the final step, committed after the count check.
                    steps.RunToEnd();
                }
            }
        }

        await steps.PublishAsync(cancellationToken).ConfigureAwait(false);
        if (builder.Records != chunk.Records || builder.Skipped != chunk.Rejected || scanner.NextIndex != chunk.EndIndex)
        {
            throw new ChunkDataException(chunk.ChunkId,
                $"the split found {chunk.Records} records ({chunk.Rejected} rejected) in bytes [{chunk.ByteStart}, {chunk.ByteEnd}), " +
                $"this read found {builder.Records} ({builder.Skipped} rejected); the object or the schema changed since the split");
        }

        return await steps.CommitAsync(final: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where a chunk's steps stand: the open step's start, and what this attempt wrote.</summary>
    private sealed class StepState(ChunkProcessor owner, ChunkPlanEntry chunk, IRecordSink sink, RecordScanner scanner, MessageBuilder builder, int attempt, IStepObserver? observer, int committedSteps)
    {
        private long _stepStartTicks = owner._time.GetTimestamp();
        private long _writtenThisAttempt;

        public long RecordsAtStepEnd { get; private set; } = builder.Records + owner._options.StepRecords;

        /// <summary>The open step is the final one: it takes whatever is left.</summary>
        public void RunToEnd() => RecordsAtStepEnd = long.MaxValue;

        public bool TimeIsUp => owner._time.GetElapsedTime(_stepStartTicks).TotalSeconds >= owner._options.StepSeconds;

        public async Task PublishAsync(CancellationToken cancellationToken)
        {
            MessageBatch batch = builder.Batch;
            if (batch.Count == 0)
            {
                return;
            }

            await sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            builder.Published += batch.Count;
            _writtenThisAttempt += batch.Count;
            batch.Clear();
            owner._options.CrashAt?.FireAt(CrashPointKind.MidStep, attempt, _writtenThisAttempt);
            cancellationToken.ThrowIfCancellationRequested();
            if (observer is not null)
            {
                await observer.OnBatchPublishedAsync(builder.Published, cancellationToken).ConfigureAwait(false);
            }
        }

        public async Task<ChunkCheckpoint> CommitAsync(bool final, CancellationToken cancellationToken)
        {
            var reached = new ChunkCheckpoint
            {
                RunId = owner._plan.RunId,
                ChunkId = chunk.ChunkId,
                Step = committedSteps + 1,
                NextIndex = scanner.NextIndex,
                ByteOffset = scanner.Position - chunk.ByteStart,
                NextLine = scanner.Line,
                Records = builder.Records,
                Published = builder.Published,
                Skipped = builder.Skipped,
                WithoutKeyField = builder.WithoutKeyField,
            };
            await sink.CommitStepAsync(reached, cancellationToken).ConfigureAwait(false);
            committedSteps++;
            RecordsAtStepEnd = builder.Records + owner._options.StepRecords;
            _stepStartTicks = owner._time.GetTimestamp();
            if (final)
            {
                owner._options.CrashAt?.FireAt(CrashPointKind.AfterCommit, attempt);
            }
            else if (observer is not null)
            {
                await observer.OnStepCommittedAsync(reached, cancellationToken).ConfigureAwait(false);
            }

            return reached;
        }
    }

    private sealed class BatchCallback(Func<long, CancellationToken, ValueTask> onBatchPublished) : IStepObserver
    {
        public ValueTask OnBatchPublishedAsync(long published, CancellationToken cancellationToken) => onBatchPublished(published, cancellationToken);

        public ValueTask OnStepCommittedAsync(ChunkCheckpoint reached, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private enum Drained
    {
        /// <summary>The scanner needs more input.</summary>
        NeedInput,

        /// <summary>The batch is full: hand it to the sink.</summary>
        BatchFull,

        /// <summary>The step has all its records: hand the batch over and commit.</summary>
        StepFull,
    }

    /// <summary>
    /// The synchronous per-record part: skip what the split rejected, lay the message into the batch. Validates only
    /// when the chunk must be validated again (<see cref="ProcessOptions.Revalidate"/>, a chunk marked so, a plan
    /// written before the split listed its rejects).
    /// </summary>
    private sealed class MessageBuilder
    {
        private readonly RecordValidator? _validator;
        private readonly JudgedRecordReader? _judged;
        private readonly byte[] _identityPrefix;
        private readonly byte[] _identity;
        private readonly ArrayBufferWriter<byte>? _csvJson;
        private readonly Utf8JsonWriter? _csvWriter;
        private readonly long[] _patternTimeouts;
        private readonly long[] _rejected;
        private readonly bool _keyFieldSet;
        private int _nextTimeout;
        private int _nextRejected;

        public MessageBuilder(ChunkPlan plan, RecordSchema schema, ProcessOptions options, MessageBatch batch, ChunkPlanEntry chunk, ChunkCheckpoint from)
        {
            Batch = batch;
            Records = from.Records;
            Skipped = from.Skipped;
            Published = from.Published;
            WithoutKeyField = from.WithoutKeyField;
            // Arrays, not the list interface: they are asked once per record.
            _patternTimeouts = chunk.PatternTimeouts?.ToArray() ?? [];
            _rejected = chunk.RejectedIndices?.ToArray() ?? [];
            // A Parquet chunk's row-group hashes prove its values' bytes, not how they render: without the footer's hash
            // too, the split's verdicts may not be about these rows.
            bool revalidate = options.Revalidate || chunk.Revalidate || chunk.ContentHashes is null || chunk.RejectedIndices is null
                || (plan.Format == RecordFormat.Parquet && chunk.ParquetFooterHash is null);
            if (!revalidate && _rejected.Length != chunk.Rejected)
            {
                throw new ChunkDataException(chunk.ChunkId, $"the plan lists {_rejected.Length} rejected records but counts {chunk.Rejected}");
            }

            _identityPrefix = Encoding.UTF8.GetBytes(plan.RunId + ":");
            _identity = new byte[_identityPrefix.Length + 20];
            _identityPrefix.CopyTo(_identity, 0);
            _keyFieldSet = !string.IsNullOrEmpty(options.KeyField);
            if (plan.Format == RecordFormat.Csv)
            {
                IReadOnlyList<string> header = plan.Header ?? throw new ChunkDataException(-1, "the plan of a CSV file has no header");
                CsvQuotes quotes = CsvQuotesText.TryParse(plan.CsvQuotes)
                    ?? throw new ChunkDataException(-1, $"the plan's csvQuotes is '{plan.CsvQuotes}', expected {CsvQuotesText.Choices}");
                byte delimiter = (byte)plan.Delimiter[0];
                _validator = revalidate ? RecordValidator.ForCsv(schema, plan.MaxRecordBytes, delimiter, quotes, header, options.KeyField) : null;
                _judged = revalidate ? null : JudgedRecordReader.ForCsv(chunk.ChunkId, schema, delimiter, quotes, header, options.KeyField);
                _csvJson = new ArrayBufferWriter<byte>(1024);
                _csvWriter = new Utf8JsonWriter(_csvJson, MinimalJsonEncoder.WriterOptions);
            }
            else
            {
                _validator = revalidate ? RecordValidator.ForJsonLines(schema, plan.MaxRecordBytes, options.KeyField, plan.MaxDepth) : null;
                _judged = revalidate ? null : JudgedRecordReader.ForJsonLines(chunk.ChunkId, options.KeyField, plan.MaxDepth);
            }
        }

        private byte[] _unescapedKey = [];

        public MessageBatch Batch { get; }

        public long Records { get; private set; }

        public long Skipped { get; private set; }

        public long Published { get; set; }

        public long WithoutKeyField { get; private set; }

        /// <summary>Reads records until the batch is full, the step has its records, or the scanner needs more input.</summary>
        public Drained Drain(RecordScanner scanner, long recordsAtStepEnd)
        {
            while (true)
            {
                if (Records >= recordsAtStepEnd)
                {
                    return Drained.StepFull;
                }

                if (Batch.IsFull)
                {
                    return Drained.BatchFull;
                }

                if (!scanner.TryRead(out RawRecord record))
                {
                    return Drained.NeedInput;
                }

                Records++;
                if (_judged is not null)
                {
                    if (IsListed(_rejected, ref _nextRejected, record.Index))
                    {
                        Skipped++;
                        continue;
                    }

                    ReadOnlySpan<byte> judgedKey = _judged.Read(record);
                    Add(record, judgedKey);
                    continue;
                }

                if (IsListed(_patternTimeouts, ref _nextTimeout, record.Index))
                {
                    // The split's verdict stands: validating again would pay the timeout twice, and a second
                    // attempt that happened to finish could disagree with the split's counts.
                    Skipped++;
                    continue;
                }

                if (_validator!.Validate(record) is not null)
                {
                    Skipped++;
                    continue;
                }

                Add(record, _validator.LastKey(record.Content));
            }
        }

        /// <summary>True for the records in a list of the split's (ascending); one cursor per list does.</summary>
        private static bool IsListed(long[] indices, ref int next, long index)
        {
            while (next < indices.Length && indices[next] < index)
            {
                next++;
            }

            return next < indices.Length && indices[next] == index;
        }

        // A string key field's bytes are its JSON text, escapes and all; the message key is the string it stands for
        // (`"a\"b"` keys as a"b, not a\"b). Only a value holding a backslash can differ, so only it pays the decode.
        private ReadOnlySpan<byte> Unescaped(ReadOnlySpan<byte> escaped)
        {
            byte[] quoted = new byte[escaped.Length + 2];
            quoted[0] = (byte)'"';
            escaped.CopyTo(quoted.AsSpan(1));
            quoted[^1] = (byte)'"';
            var reader = new Utf8JsonReader(quoted);
            // An object or array key holds its strings' quotes unescaped, so quoted whole it is no one string token.
            if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.BytesConsumed != quoted.Length)
            {
                return escaped;
            }

            if (_unescapedKey.Length < escaped.Length)
            {
                _unescapedKey = new byte[escaped.Length];
            }

            return _unescapedKey.AsSpan(0, reader.CopyString(_unescapedKey));
        }

        private void Add(in RawRecord record, ReadOnlySpan<byte> key)
        {
            if (key.IsEmpty)
            {
                // No key field (or none in this record): the key is the record's identity, runId:index.
                if (_keyFieldSet)
                {
                    WithoutKeyField++;
                }

                Utf8Formatter.TryFormat(record.Index, _identity.AsSpan(_identityPrefix.Length), out int digits);
                key = _identity.AsSpan(0, _identityPrefix.Length + digits);
            }

            if (_csvWriter is null)
            {
                if (key.IndexOf((byte)'\\') >= 0)
                {
                    key = Unescaped(key);
                }

                Batch.Add(key, record.Content, record.Index);
                return;
            }

            // The CSV parser's buffers hold the key; write the JSON value before they are reused.
            _csvJson!.ResetWrittenCount();
            _csvWriter.Reset(_csvJson);
            if (_judged is not null)
            {
                _judged.WriteCsvRow(_csvWriter, record);
            }
            else
            {
                _validator!.WriteLastCsvRow(_csvWriter);
            }

            _csvWriter.Flush();
            Batch.Add(key, _csvJson.WrittenSpan, record.Index);
        }
    }
}
