using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// One pass over an input: frames and validates every record, counts, writes the rejects, and cuts a chunk
/// every <see cref="SplitOptions.ChunkRecords"/> records at a record boundary. For compressed input it also
/// stages each chunk's decompressed bytes through <see cref="IChunkStaging"/>.
/// </summary>
public sealed class Splitter
{
    private readonly RecordSchema _schema;
    private readonly InputFormat _format;
    private readonly SplitOptions _options;

    public Splitter(RecordSchema schema, InputFormat format, SplitOptions options)
    {
        options.Validate();
        _schema = schema;
        _format = format;
        _options = options;
    }

    public async Task<SplitOutcome> SplitAsync(Stream input, Stream rejects, IChunkStaging? staging, CancellationToken cancellationToken)
    {
        using var scanner = new RecordScanner(input, _format.Format, _format.Delimiter, _options.Scanner);
        var pass = new SplitPass(_schema, _format, _options, new RejectWriter(rejects, _options.MaxRejectRawBytes, _options.FirstErrorsInReport), staging);
        try
        {
            while (await scanner.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                pass.Drain(scanner);
                await pass.CompleteStagedAsync(cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (InputFormatException unreadable)
        {
            // The input cannot be read to its end as its format says: a structural error, so the gate stops the run.
            pass.AddStructuralError(unreadable.Message);
        }

        scanner.FlushTee();
        pass.Finish(scanner);
        await pass.CompleteStagedAsync(cancellationToken).ConfigureAwait(false);
        return pass.Outcome(scanner.Position);
    }

    /// <summary>The mutable state of one split; synchronous so the per-record loop stays tight.</summary>
    private sealed class SplitPass
    {
        private readonly RecordSchema _schema;
        private readonly InputFormat _format;
        private readonly SplitOptions _options;
        private readonly RejectWriter _rejects;
        private readonly IChunkStaging? _staging;
        private readonly List<ChunkPlanEntry> _chunks = [];
        private readonly List<string> _structural = [];
        private readonly List<(ChunkPlanEntry Entry, Stream Stream)> _toComplete = [];
        private RecordValidator? _validator;
        private IReadOnlyList<string>? _header;
        private bool _headerDone;
        private long _total;
        private long _valid;

        // The chunk being filled.
        private ChunkFacts? _open;
        private Stream? _openStage;

        public SplitPass(RecordSchema schema, InputFormat format, SplitOptions options, RejectWriter rejects, IChunkStaging? staging)
        {
            _schema = schema;
            _format = format;
            _options = options;
            _rejects = rejects;
            _staging = staging;
            _headerDone = format.Format != RecordFormat.Csv;
            if (_headerDone)
            {
                _validator = RecordValidator.ForJsonLines(schema, options.Scanner.MaxRecordBytes, keyField: null, options.MaxDepth);
            }
        }

        public void Drain(RecordScanner scanner)
        {
            while (scanner.TryRead(out RawRecord record))
            {
                if (!_headerDone)
                {
                    ReadHeader(scanner, record);
                    continue;
                }

                if (_validator is null)
                {
                    // The header was unusable: count what follows, validate nothing.
                    _total++;
                    continue;
                }

                if (_open is not null && _open.Records == _options.ChunkRecords)
                {
                    // The scanner tees a buffer at a time: the chunk gets its last bytes before it is closed.
                    scanner.FlushTeeToLastRecord();
                    CloseChunk(record.ByteOffset);
                }

                if (_open is null)
                {
                    OpenChunk(scanner, record);
                }

                _total++;
                ValidationError? error = _validator.Validate(record);
                if (error is null)
                {
                    _valid++;
                    _open!.AddValid();
                }
                else
                {
                    _open!.AddRejected(error.PatternTimedOut);
                    _rejects.Write(record, error);
                }
            }
        }

        public void AddStructuralError(string error) => _structural.Add(error);

        public void Finish(RecordScanner scanner)
        {
            // An input that could not be read at all already says why; it is not also "empty".
            if (!_headerDone && _structural.Count == 0)
            {
                _structural.Add("the CSV file is empty: a header row is required");
            }

            if (_open is not null)
            {
                CloseChunk(scanner.Position);
            }
        }

        public async Task CompleteStagedAsync(CancellationToken cancellationToken)
        {
            foreach ((ChunkPlanEntry entry, Stream stream) in _toComplete)
            {
                (string key, string version) = await _staging!.CompleteAsync(entry.ChunkId, stream, cancellationToken).ConfigureAwait(false);
                int at = _chunks.FindIndex(c => c.ChunkId == entry.ChunkId);
                _chunks[at] = entry with { StagedKey = key, StagedVersion = version };
            }

            _toComplete.Clear();
        }

        public SplitOutcome Outcome(long bytes) => SplitOutcome.Of(_chunks, _header, _total, _valid, bytes, _structural, _rejects);

        private void ReadHeader(RecordScanner scanner, in RawRecord record)
        {
            _headerDone = true;
            scanner.NextIndex = 0;
            string[]? names = CsvHeader.TryRead(record, _format, out string? unusable);
            if (names is null)
            {
                _structural.Add(unusable!);
                return;
            }

            _header = names;
            try
            {
                _validator = RecordValidator.ForCsv(_schema, _options.Scanner.MaxRecordBytes, _format.Delimiter, _format.Quotes, names, keyField: null);
            }
            catch (SchemaMismatchException mismatch)
            {
                _structural.Add($"CSV header at line {record.Line}: {mismatch.Message}");
            }
        }

        private void OpenChunk(RecordScanner scanner, in RawRecord first)
        {
            _open = new ChunkFacts(_chunks.Count, first.Index, first.ByteOffset, first.Line, _options.HashBlockBytes);
            if (_staging is not null)
            {
                _openStage = _staging.Open(_open.ChunkId);
            }

            // Every byte of the chunk's range passes the tee once: hashed, and staged for compressed input.
            scanner.Tee = new ChunkTee(_open, _openStage);
        }

        private void CloseChunk(long byteEnd)
        {
            ChunkPlanEntry entry = _open!.Close(byteEnd);
            _chunks.Add(entry);
            if (_openStage is not null)
            {
                _toComplete.Add((entry, _openStage));
            }

            _open = null;
            _openStage = null;
        }
    }
}
