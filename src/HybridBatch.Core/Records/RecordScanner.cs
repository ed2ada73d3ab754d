using System.Buffers;
using System.Text.Unicode;

namespace HybridBatch.Core.Records;

/// <summary>
/// Frames records in a byte stream: JSON Lines by line, CSV by line outside quotes (a quoted line break never
/// ends a record). Skips a UTF-8 BOM at the start of the input and blank lines; flags records that are too
/// long or not valid UTF-8 instead of failing. Deterministic from any record boundary, so a worker that scans
/// a chunk's byte range sees exactly the records the split saw there.
/// </summary>
/// <remarks>
/// Use: <c>while (await scanner.FillAsync(ct)) { while (scanner.TryRead(out var r)) { ... } }</c>.
/// Bytes consumed can be copied to <see cref="Tee"/> (the split stages chunks of gzip input this way).
/// </remarks>
public sealed class RecordScanner : IDisposable
{
    private static readonly byte[] s_bom = [0xEF, 0xBB, 0xBF];

    private readonly Stream _input;
    private readonly bool _csv;
    private readonly int _maxRecordBytes;
    private readonly int _readSize;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scan;
    private int _teedUpTo;
    private bool _inQuote;
    private bool _eof;
    private bool _skipping;
    private bool _bomChecked;
    private long _offset;
    private long _line;

    public RecordScanner(Stream input, RecordFormat format, RecordScannerOptions options, long baseOffset = 0, long firstLine = 1, long firstIndex = 0)
    {
        options.Validate();
        _input = input;
        _csv = format == RecordFormat.Csv;
        _maxRecordBytes = options.MaxRecordBytes;
        _readSize = options.ReadSize;
        _buffer = ArrayPool<byte>.Shared.Rent(options.ReadSize + options.MaxRecordBytes + 2);
        _offset = baseOffset;
        _line = firstLine;
        _bomChecked = baseOffset != 0;
        NextIndex = firstIndex;
    }

    /// <summary>The index the next record gets.</summary>
    public long NextIndex { get; set; }

    /// <summary>Offset just past the last consumed byte (the end of the last record read).</summary>
    public long Position => _offset;

    /// <summary>Line number of the next byte.</summary>
    public long Line => _line;

    /// <summary>When set, every consumed byte (but a leading BOM) is written here, in order.</summary>
    public Stream? Tee { get; set; }

    /// <summary>Reads more input. False when the input is exhausted and every record has been read.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        FlushTee();
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _scan -= _start;
            _teedUpTo = 0;
            _start = 0;
        }

        if (_eof)
        {
            return _end > 0;
        }

        int room = Math.Min(_buffer.Length - _end, _readSize);
        int read = await _input.ReadAtLeastAsync(_buffer.AsMemory(_end, room), Math.Min(room, _bomChecked ? 1 : 3), throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
        if (!_bomChecked)
        {
            _bomChecked = true;
            if (_buffer.AsSpan(0, _end).StartsWith(s_bom))
            {
                _start = _scan = _teedUpTo = s_bom.Length;
                _offset += s_bom.Length;
            }
        }

        return _end > _start || !_eof;
    }

    /// <summary>Writes the consumed bytes not yet copied to <see cref="Tee"/>.</summary>
    public void FlushTee()
    {
        if (Tee is not null && _teedUpTo < _start)
        {
            Tee.Write(_buffer, _teedUpTo, _start - _teedUpTo);
        }

        _teedUpTo = _start;
    }

    /// <summary>Frames the next record from what has been read. False when more input is needed first.</summary>
    public bool TryRead(out RawRecord record)
    {
        FlushTee();
        while (true)
        {
            if (_skipping && !SkipRestOfLongRecord())
            {
                record = default;
                return false;
            }

            if (_start == _end)
            {
                record = default;
                return false;
            }

            int terminator = FindTerminator();
            if (terminator < 0)
            {
                if (_end - _start > _maxRecordBytes + 1)
                {
                    record = StartLongRecord();
                    return true;
                }

                if (!_eof)
                {
                    record = default;
                    return false;
                }
            }

            int rawEnd = terminator < 0 ? _end : terminator + 1;
            ReadOnlySpan<byte> raw = _buffer.AsSpan(_start, rawEnd - _start);
            ReadOnlySpan<byte> content = terminator < 0 ? raw : raw[..^1];
            if (content.Length > 0 && content[^1] == (byte)'\r')
            {
                content = content[..^1];
            }

            if (IsBlank(content))
            {
                Consume(rawEnd, raw);
                continue;
            }

            // Blank lines before a record go with the record before them: a chunk starts at its first record.
            FlushTee();
            long offset = _offset;
            long line = _line;
            Consume(rawEnd, raw);

            if (content.Length > _maxRecordBytes)
            {
                record = new RawRecord(content[.._maxRecordBytes], raw, NextIndex++, line, offset, RecordProblem.TooLong, 0);
                return true;
            }

            RecordProblem problem = RecordProblem.None;
            int problemOffset = 0;
            if (terminator < 0 && _csv && _inQuote)
            {
                problem = RecordProblem.UnterminatedQuote;
            }
            else if (!Utf8.IsValid(content))
            {
                problem = RecordProblem.InvalidUtf8;
                problemOffset = FirstInvalidUtf8(content);
            }

            _inQuote = false;
            record = new RawRecord(content, raw, NextIndex++, line, offset, problem, problemOffset);
            return true;
        }
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool IsBlank(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0)
        {
            return true;
        }

        // A CSV line of spaces is a record with one field; a JSON Lines line of spaces is nothing.
        return !_csv && content[0] is (byte)' ' or (byte)'\t' && content.IndexOfAnyExcept(" \t\r"u8) < 0;
    }

    // Finds the next line feed that ends a record, resuming where the last search stopped.
    private int FindTerminator()
    {
        if (!_csv)
        {
            int found = _buffer.AsSpan(_scan, _end - _scan).IndexOf((byte)'\n');
            if (found < 0)
            {
                _scan = _end;
                return -1;
            }

            _scan += found;
            return _scan;
        }

        while (_scan < _end)
        {
            int found = _buffer.AsSpan(_scan, _end - _scan).IndexOfAny((byte)'"', (byte)'\n');
            if (found < 0)
            {
                _scan = _end;
                return -1;
            }

            _scan += found;
            if (_buffer[_scan] == (byte)'"')
            {
                _inQuote = !_inQuote;
                _scan++;
            }
            else if (_inQuote)
            {
                _scan++;
            }
            else
            {
                return _scan;
            }
        }

        return -1;
    }

    private void Consume(int newStart, ReadOnlySpan<byte> consumed)
    {
        _line += _csv ? consumed.Count((byte)'\n') : (consumed.Length > 0 && consumed[^1] == (byte)'\n' ? 1 : 0);
        _offset += newStart - _start;
        _start = newStart;
        _scan = Math.Max(_scan, _start);
    }

    // A record longer than the limit: report it now with a prefix, then discard the rest up to its end.
    private RawRecord StartLongRecord()
    {
        FlushTee();
        var record = new RawRecord(_buffer.AsSpan(_start, _maxRecordBytes), default, NextIndex++, _line, _offset, RecordProblem.TooLong, 0);
        _skipping = true;
        return record;
    }

    private bool SkipRestOfLongRecord()
    {
        int terminator = FindTerminator();
        int stop = terminator < 0 ? _end : terminator + 1;
        Consume(stop, _buffer.AsSpan(_start, stop - _start));
        if (terminator < 0 && !_eof)
        {
            return false;
        }

        _skipping = false;
        _inQuote = false;
        return true;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> content)
    {
        char[] scratch = ArrayPool<char>.Shared.Rent(content.Length);
        try
        {
            Utf8.ToUtf16(content, scratch, out int read, out _, replaceInvalidSequences: false);
            return read;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
        }
    }
}
