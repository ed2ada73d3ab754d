using System.Buffers;
using System.Text.Unicode;

namespace HybridBatch.Core.Records;

/// <summary>
/// Frames records in a byte stream: JSON Lines by line, CSV by line outside quoted fields (a quoted line break
/// never ends a record). A quote opens a quoted field only as the first character of a field (at the record's
/// start or right after the delimiter), the rule <see cref="CsvRowParser"/> parses by; anywhere else it is data.
/// Skips a UTF-8 BOM at the start of the input and blank lines; flags records that are too long or not valid
/// UTF-8 instead of failing. Deterministic from any record boundary, so a worker that scans a chunk's byte range
/// sees exactly the records the split saw there.
/// </summary>
/// <remarks>
/// What cannot be framed at all throws <see cref="InputFormatException"/> naming the line and byte offset: a
/// quoted field still open at the end of the input or past the record size limit (following it would fold every
/// later row into one record), a UTF-16 or UTF-32 byte-order mark, and CR-only line ends (seen in the first record).
/// Use: <c>while (await scanner.FillAsync(ct)) { while (scanner.TryRead(out var r)) { ... } }</c>.
/// Bytes consumed can be copied to <see cref="Tee"/> (the split stages chunks of gzip input this way).
/// </remarks>
public sealed class RecordScanner : IDisposable
{
    private static readonly byte[] s_bom = [0xEF, 0xBB, 0xBF];

    private readonly Stream _input;
    private readonly bool _csv;
    private readonly byte _delimiter;
    private readonly int _maxRecordBytes;
    private readonly int _readSize;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scan;
    private int _teedUpTo;
    private int _recordStart;
    private int _asciiUpTo;
    private Stream? _tee;
    private bool _inQuote;
    private long _quoteOpenedAt;
    private long _quoteLine;
    private byte _byteBeforeStart = (byte)'\n';
    private bool _checkFirstRecord;
    private bool _eof;
    private bool _skipping;
    private bool _bomChecked;
    private long _offset;
    private long _line;

    /// <summary>
    /// A scanner of <paramref name="input"/> from a record boundary at <paramref name="baseOffset"/> (0 for the whole
    /// input). <paramref name="delimiter"/> is the CSV delimiter (unused for JSON Lines): it decides where a field, and
    /// so a quoted field, may start.
    /// </summary>
    public RecordScanner(Stream input, RecordFormat format, byte delimiter, RecordScannerOptions options, long baseOffset = 0, long firstLine = 1, long firstIndex = 0)
    {
        options.Validate();
        _input = input;
        _csv = format == RecordFormat.Csv;
        _delimiter = delimiter;
        _maxRecordBytes = options.MaxRecordBytes;
        _readSize = options.ReadSize;
        _buffer = ArrayPool<byte>.Shared.Rent(options.ReadSize + options.MaxRecordBytes + 2);
        _offset = baseOffset;
        _line = firstLine;
        _bomChecked = baseOffset != 0;
        _checkFirstRecord = baseOffset == 0;
        NextIndex = firstIndex;
    }

    /// <summary>The index the next record gets.</summary>
    public long NextIndex { get; set; }

    /// <summary>Offset just past the last consumed byte (the end of the last record read).</summary>
    public long Position => _offset;

    /// <summary>Line number of the next byte.</summary>
    public long Line => _line;

    /// <summary>
    /// When set, every consumed byte (but a leading BOM) is written here, in order. Bytes are handed over a buffer at
    /// a time (per-record writes cost more than hashing them), so a tee set right after <see cref="TryRead"/> starts
    /// at the record just returned: the bytes before it go to the previous tee first (<see cref="FlushTeeToLastRecord"/>).
    /// </summary>
    public Stream? Tee
    {
        get => _tee;
        set
        {
            FlushTeeToLastRecord();
            _tee = value;
        }
    }

    /// <summary>Reads more input. False when the input is exhausted and every record has been read.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        FlushTee();
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _scan -= _start;
            _asciiUpTo = Math.Max(0, _asciiUpTo - _start);
            _teedUpTo = 0;
            _recordStart = 0;
            _start = 0;
        }

        if (_eof)
        {
            return _end > 0;
        }

        int room = Math.Min(_buffer.Length - _end, _readSize);
        int read = await _input.ReadAtLeastAsync(_buffer.AsMemory(_end, room), Math.Min(room, _bomChecked ? 1 : 4), throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _eof = true;
            if (_skipping && _inQuote && _end == _start)
            {
                // The skipped part of a long record was consumed as it was read; its open quote has no more input.
                throw OpenQuoteError();
            }
        }

        if (_asciiUpTo == _end)
        {
            // One vector pass per read: records inside an all-ASCII stretch need no UTF-8 check of their own.
            _asciiUpTo = AsciiEnd(_asciiUpTo, _end + read);
        }

        _end += read;
        if (!_bomChecked)
        {
            _bomChecked = true;
            ThrowIfOtherUnicodeBom(_buffer.AsSpan(0, _end));
            if (_buffer.AsSpan(0, _end).StartsWith(s_bom))
            {
                _start = _scan = _teedUpTo = s_bom.Length;
                _offset += s_bom.Length;
            }
        }

        return _end > _start || !_eof;
    }

    /// <summary>Writes the consumed bytes not yet copied to <see cref="Tee"/>.</summary>
    public void FlushTee() => FlushTeeTo(_start);

    /// <summary>
    /// Writes to <see cref="Tee"/> the consumed bytes before the record <see cref="TryRead"/> returned last (blank lines
    /// before it included), so a chunk can be closed at that record's start with every one of its bytes seen.
    /// </summary>
    public void FlushTeeToLastRecord() => FlushTeeTo(_recordStart);

    private void FlushTeeTo(int end)
    {
        if (end <= _teedUpTo)
        {
            return;
        }

        _tee?.Write(_buffer, _teedUpTo, end - _teedUpTo);
        _teedUpTo = end;
    }

    /// <summary>Frames the next record from what has been read. False when more input is needed first.</summary>
    public bool TryRead(out RawRecord record)
    {
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
                    CheckFirstRecord(_buffer.AsSpan(_start, _maxRecordBytes));
                    if (_inQuote && QuotedBytes(_scan) > _maxRecordBytes)
                    {
                        throw OpenQuoteError();
                    }

                    record = StartLongRecord();
                    return true;
                }

                if (!_eof)
                {
                    record = default;
                    return false;
                }

                if (_inQuote)
                {
                    CheckFirstRecord(_buffer.AsSpan(_start, _end - _start));
                    throw OpenQuoteError();
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

            if (_checkFirstRecord)
            {
                // A first record ended by a line feed is not from a CR-only file, whatever CR it holds.
                if (terminator < 0)
                {
                    CheckFirstRecord(content);
                }

                _checkFirstRecord = false;
            }

            // Blank lines before a record go with the record before them: a chunk starts at its first record.
            _recordStart = _start;
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
            if (rawEnd > _asciiUpTo)
            {
                if (!Utf8.IsValid(content))
                {
                    problem = RecordProblem.InvalidUtf8;
                    problemOffset = FirstInvalidUtf8(content);
                }

                // Re-arm the ASCII fast path for the records after this one.
                _asciiUpTo = AsciiEnd(_start, _end);
            }

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
            // Inside a quoted field only a quote matters; outside, a quote or the line feed that ends the record.
            ReadOnlySpan<byte> rest = _buffer.AsSpan(_scan, _end - _scan);
            int found = _inQuote ? rest.IndexOf((byte)'"') : rest.IndexOfAny((byte)'"', (byte)'\n');
            if (found < 0)
            {
                _scan = _end;
                return -1;
            }

            _scan += found;
            if (_buffer[_scan] == (byte)'\n')
            {
                return _scan;
            }

            if (_inQuote)
            {
                if (_scan + 1 == _end && !_eof)
                {
                    // A closing quote or the first of a doubled one: the next byte decides, so wait for it here.
                    return -1;
                }

                if (_scan + 1 < _end && _buffer[_scan + 1] == (byte)'"')
                {
                    _scan += 2;
                }
                else
                {
                    // Closed; what follows up to the delimiter is unquoted text (CsvRowParser: appended, or strict's reject).
                    // Checked at every close, so the outcome does not depend on how the input was cut into reads.
                    if (QuotedBytes(_scan) > _maxRecordBytes)
                    {
                        throw QuoteTooLong();
                    }

                    _inQuote = false;
                    _scan++;
                }
            }
            else
            {
                byte before = _scan > _start ? _buffer[_scan - 1] : _byteBeforeStart;
                if (CsvSyntax.OpensQuotedField(before, _delimiter))
                {
                    _inQuote = true;
                    _quoteOpenedAt = _offset + (_scan - _start);
                    _quoteLine = -1;
                }

                _scan++;
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
        _recordStart = _start;
        var record = new RawRecord(_buffer.AsSpan(_start, _maxRecordBytes), default, NextIndex++, _line, _offset, RecordProblem.TooLong, 0);
        _skipping = true;
        return record;
    }

    private bool SkipRestOfLongRecord()
    {
        int terminator = FindTerminator();
        if (terminator < 0 && _inQuote)
        {
            if (_eof || QuotedBytes(_scan) > _maxRecordBytes)
            {
                throw OpenQuoteError();
            }

            RememberQuoteLine();
        }

        // Without a terminator, stop at the scan position: a quote waiting for its next byte must be seen again.
        int stop = terminator < 0 ? _scan : terminator + 1;
        if (stop > _start)
        {
            _byteBeforeStart = _buffer[stop - 1];
        }

        Consume(stop, _buffer.AsSpan(_start, stop - _start));
        if (terminator < 0)
        {
            return false;
        }

        _skipping = false;
        _byteBeforeStart = (byte)'\n';
        return true;
    }

    // The line a quote opened on, counted once, while its bytes are still in the buffer.
    private void RememberQuoteLine()
    {
        if (_quoteLine < 0)
        {
            int at = _start + (int)(_quoteOpenedAt - _offset);
            _quoteLine = _line + _buffer.AsSpan(_start, at - _start).Count((byte)'\n');
        }
    }

    // Bytes of the open quoted field before buffer position <paramref name="end"/> (its opening quote excluded).
    private long QuotedBytes(int end) => _offset + (end - _start) - _quoteOpenedAt - 1;

    // A quoted field longer than the record limit is an error however it ends, so framing never depends on read
    // sizes; one still open at the end of the input is an error however short.
    private InputFormatException OpenQuoteError() =>
        QuotedBytes(_scan) > _maxRecordBytes ? QuoteTooLong() : QuoteStillOpen("is still open at the end of the input");

    private InputFormatException QuoteTooLong() =>
        QuoteStillOpen($"runs past the {_maxRecordBytes}-byte record limit (--max-record-bytes)");

    private InputFormatException QuoteStillOpen(string what)
    {
        RememberQuoteLine();
        return new InputFormatException(
            $"line {_quoteLine} (byte offset {_quoteOpenedAt}): the quoted CSV field that opens here {what}; " +
            "close it, or write a quote inside a quoted field as two quotes (\"\")");
    }

    // CR-only line ends leave no line feed, so the first record runs on to the end of the input or past the size
    // limit over what should be many. Only such a first record is looked at, which keeps the cost off the hot path;
    // a CR that ends the record (CRLF) or sits inside a quoted CSV field is data, not a line end.
    private void CheckFirstRecord(ReadOnlySpan<byte> first)
    {
        if (!_checkFirstRecord)
        {
            return;
        }

        _checkFirstRecord = false;
        int carriageReturn = _csv ? CsvSyntax.BareCarriageReturn(first, _delimiter) : first.IndexOf((byte)'\r');
        if (carriageReturn >= 0 && carriageReturn < first.Length - 1)
        {
            throw new InputFormatException(
                $"line {_line} (byte offset {_offset + carriageReturn}): the input has carriage returns (CR) without line feeds: " +
                "CR-only line ends (classic Mac OS) are not supported; convert them to LF or CRLF (for example tr '\\r' '\\n')");
        }
    }

    private static void ThrowIfOtherUnicodeBom(ReadOnlySpan<byte> start)
    {
        // UTF-32 LE starts like UTF-16 LE (FF FE), so it is looked for first.
        string? encoding = start switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => "UTF-32 LE",
            [0x00, 0x00, 0xFE, 0xFF, ..] => "UTF-32 BE",
            [0xFF, 0xFE, ..] => "UTF-16 LE",
            [0xFE, 0xFF, ..] => "UTF-16 BE",
            _ => null,
        };
        if (encoding is not null)
        {
            throw new InputFormatException(
                $"byte offset 0: the input starts with a {encoding} byte-order mark: it is {encoding} text, and records must be UTF-8; " +
                $"convert it to UTF-8 (for example iconv -f {encoding.Replace(" ", "", StringComparison.Ordinal)} -t UTF-8)");
        }
    }

    /// <summary>
    /// How far the buffer is ASCII from <paramref name="start"/> up to <paramref name="end"/>: the position of the first
    /// byte of 0x80 or more, or <paramref name="end"/>.
    /// </summary>
    private int AsciiEnd(int start, int end)
    {
        int found = _buffer.AsSpan(start, end - start).IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        return found < 0 ? end : start + found;
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
