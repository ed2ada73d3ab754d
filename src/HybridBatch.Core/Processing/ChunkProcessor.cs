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
/// Processes one chunk: scans exactly its bytes, validates each record as the split did, skips the rejected
/// ones, builds a message per valid record (JSON value, key from the configured field or the record's
/// identity) and hands them to the sink in batches. Fails when the bytes do not hold what the split counted.
/// </summary>
public sealed class ChunkProcessor
{
    private readonly ChunkPlan _plan;
    private readonly RecordSchema _schema;
    private readonly ProcessOptions _options;
    private readonly RecordFormat _format;

    public ChunkProcessor(ChunkPlan plan, RecordSchema schema, ProcessOptions options)
    {
        options.Validate();
        _plan = plan;
        _schema = schema;
        _options = options;
        _format = plan.Format == "csv" ? RecordFormat.Csv : RecordFormat.JsonLines;
    }

    /// <summary>
    /// Processes <paramref name="chunk"/> from <paramref name="data"/>, a stream of exactly its bytes.
    /// <paramref name="onBatchPublished"/> is told the running count of published records after each batch.
    /// </summary>
    public async Task<ChunkCounts> ProcessAsync(
        ChunkPlanEntry chunk,
        Stream data,
        IRecordSink sink,
        Func<long, CancellationToken, ValueTask>? onBatchPublished,
        CancellationToken cancellationToken)
    {
        var scannerOptions = new RecordScannerOptions { MaxRecordBytes = _plan.MaxRecordBytes };
        using var scanner = new RecordScanner(data, _format, (byte)_plan.Delimiter[0], scannerOptions, chunk.ByteStart, chunk.FirstLine, chunk.StartIndex);
        var builder = new MessageBuilder(_plan, _schema, _options, new MessageBatch(capacityMessages: _options.BatchMessages), chunk.PatternTimeouts);
        bool more = await scanner.FillAsync(cancellationToken).ConfigureAwait(false);
        while (more)
        {
            bool full = builder.Drain(scanner);
            if (full)
            {
                await PublishAsync(builder, sink, onBatchPublished, cancellationToken).ConfigureAwait(false);
                continue;
            }

            more = await scanner.FillAsync(cancellationToken).ConfigureAwait(false);
        }

        await PublishAsync(builder, sink, onBatchPublished, cancellationToken).ConfigureAwait(false);
        if (builder.Records != chunk.Records || builder.Skipped != chunk.Rejected)
        {
            throw new ChunkDataException(chunk.ChunkId,
                $"the split found {chunk.Records} records ({chunk.Rejected} rejected) in bytes [{chunk.ByteStart}, {chunk.ByteEnd}), " +
                $"this read found {builder.Records} ({builder.Skipped} rejected); the object or the schema changed since the split");
        }

        await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return new ChunkCounts(builder.Records, builder.Published, builder.Skipped, builder.WithoutKeyField);
    }

    private static async Task PublishAsync(MessageBuilder builder, IRecordSink sink, Func<long, CancellationToken, ValueTask>? onBatchPublished, CancellationToken cancellationToken)
    {
        if (builder.Batch.Count == 0)
        {
            return;
        }

        await sink.WriteAsync(builder.Batch, cancellationToken).ConfigureAwait(false);
        builder.Published += builder.Batch.Count;
        builder.Batch.Clear();
        cancellationToken.ThrowIfCancellationRequested();
        if (onBatchPublished is not null)
        {
            await onBatchPublished(builder.Published, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The synchronous per-record part: validate and lay the message into the batch.</summary>
    private sealed class MessageBuilder
    {
        private readonly RecordValidator _validator;
        private readonly byte[] _identityPrefix;
        private readonly byte[] _identity;
        private readonly ArrayBufferWriter<byte>? _csvJson;
        private readonly Utf8JsonWriter? _csvWriter;
        private readonly long[] _patternTimeouts;
        private readonly bool _keyFieldSet;
        private int _nextTimeout;

        public MessageBuilder(ChunkPlan plan, RecordSchema schema, ProcessOptions options, MessageBatch batch, IReadOnlyList<long>? patternTimeouts)
        {
            Batch = batch;
            // An array, not the list interface: this is asked once per record.
            _patternTimeouts = patternTimeouts?.ToArray() ?? [];
            _identityPrefix = Encoding.UTF8.GetBytes(plan.RunId + ":");
            _identity = new byte[_identityPrefix.Length + 20];
            _identityPrefix.CopyTo(_identity, 0);
            _keyFieldSet = !string.IsNullOrEmpty(options.KeyField);
            if (plan.Format == "csv")
            {
                IReadOnlyList<string> header = plan.Header ?? throw new ChunkDataException(-1, "the plan of a CSV file has no header");
                CsvQuotes quotes = CsvQuotesText.TryParse(plan.CsvQuotes)
                    ?? throw new ChunkDataException(-1, $"the plan's csvQuotes is '{plan.CsvQuotes}', expected {CsvQuotesText.Choices}");
                _validator = RecordValidator.ForCsv(schema, plan.MaxRecordBytes, (byte)plan.Delimiter[0], quotes, header, options.KeyField);
                _csvJson = new ArrayBufferWriter<byte>(1024);
                _csvWriter = new Utf8JsonWriter(_csvJson);
            }
            else
            {
                _validator = RecordValidator.ForJsonLines(schema, plan.MaxRecordBytes, options.KeyField, plan.MaxDepth);
            }
        }

        public MessageBatch Batch { get; }

        public long Records { get; private set; }

        public long Skipped { get; private set; }

        public long Published { get; set; }

        public long WithoutKeyField { get; private set; }

        /// <summary>Reads records until the batch is full (true) or the scanner needs more input (false).</summary>
        public bool Drain(RecordScanner scanner)
        {
            while (!Batch.IsFull)
            {
                if (!scanner.TryRead(out RawRecord record))
                {
                    return false;
                }

                Records++;
                if (IsPatternTimeout(record.Index))
                {
                    // The split's verdict stands: validating again would pay the timeout twice, and a second
                    // attempt that happened to finish could disagree with the split's counts.
                    Skipped++;
                    continue;
                }

                if (_validator.Validate(record) is not null)
                {
                    Skipped++;
                    continue;
                }

                Add(record);
            }

            return true;
        }

        /// <summary>True for the records the split listed as pattern timeouts; indices ascend, so one cursor does.</summary>
        private bool IsPatternTimeout(long index)
        {
            long[] timeouts = _patternTimeouts;
            while (_nextTimeout < timeouts.Length && timeouts[_nextTimeout] < index)
            {
                _nextTimeout++;
            }

            return _nextTimeout < timeouts.Length && timeouts[_nextTimeout] == index;
        }

        private void Add(in RawRecord record)
        {
            ReadOnlySpan<byte> key = _validator.LastKey(record.Content);
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
                Batch.Add(key, record.Content, record.Index);
                return;
            }

            // The CSV parser's buffers hold the key; write the JSON value before they are reused.
            _csvJson!.ResetWrittenCount();
            _csvWriter.Reset(_csvJson);
            _validator.WriteLastCsvRow(_csvWriter);
            _csvWriter.Flush();
            Batch.Add(key, _csvJson.WrittenSpan, record.Index);
        }
    }
}
