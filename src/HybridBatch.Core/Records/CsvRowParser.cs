namespace HybridBatch.Core.Records;

/// <summary>
/// Splits one framed CSV record into fields, by the same rule <see cref="RecordScanner"/> frames with: a quote
/// opens a quoted field only as the first character of a field; inside it the delimiter and line breaks are data
/// and <c>""</c> is one quote. A quote anywhere else is a literal, and text after a closing quote (<c>"ab"c</c>)
/// is appended literally, as Python's <c>csv</c> reads them; with <see cref="CsvQuotes.Strict"/> either makes the
/// record malformed (reported with the field number) instead.
/// Reuses its buffers: a returned <see cref="CsvRow"/> is valid until the next call.
/// </summary>
public sealed class CsvRowParser
{
    private readonly byte _delimiter;
    private readonly bool _strict;
    private byte[] _data = new byte[4096];
    private CsvFieldSpan[] _fields = new CsvFieldSpan[64];
    private int _lastCount;
    private int _lastWritten;

    public CsvRowParser(byte delimiter, CsvQuotes quotes)
    {
        _delimiter = delimiter;
        _strict = quotes == CsvQuotes.Strict;
    }

    /// <summary>Parses <paramref name="record"/> (no line terminator). Returns null, or why it is malformed.</summary>
    public string? TryParse(ReadOnlySpan<byte> record, out CsvRow row)
    {
        if (_data.Length < record.Length)
        {
            _data = new byte[Math.Max(record.Length, _data.Length * 2)];
        }

        int count = 0;
        int written = 0;
        int position = 0;
        while (true)
        {
            if (count == _fields.Length)
            {
                Array.Resize(ref _fields, _fields.Length * 2);
            }

            int fieldStart = written;
            bool quoted = position < record.Length && record[position] == (byte)'"';
            if (quoted)
            {
                position++;
                while (true)
                {
                    int quote = record[position..].IndexOf((byte)'"');
                    if (quote < 0)
                    {
                        // The scanner never frames such a record (an open quote ends the input as a structural
                        // error); kept so that a record from elsewhere is refused rather than guessed at.
                        row = default;
                        return $"field {count + 1}: quoted field is not closed";
                    }

                    record.Slice(position, quote).CopyTo(_data.AsSpan(written));
                    written += quote;
                    position += quote + 1;
                    if (position < record.Length && record[position] == (byte)'"')
                    {
                        _data[written++] = (byte)'"';
                        position++;
                        continue;
                    }

                    break;
                }

                if (position < record.Length && record[position] != _delimiter)
                {
                    if (_strict)
                    {
                        row = default;
                        return $"field {count + 1}: text after the closing quote (--csv-quotes {CsvQuotesText.Strict})";
                    }

                    position = CopyUnquoted(record, position, ref written);
                }
            }
            else
            {
                int end = FieldEnd(record, position);
                if (_strict && record[position..end].Contains((byte)'"'))
                {
                    row = default;
                    return $"field {count + 1}: quote inside an unquoted field (--csv-quotes {CsvQuotesText.Strict}; quote the field and double the quote)";
                }

                position = CopyUnquoted(record, position, ref written);
            }

            _fields[count++] = new CsvFieldSpan(fieldStart, written - fieldStart, quoted);
            if (position >= record.Length)
            {
                break;
            }

            position++; // the delimiter
            if (position == record.Length)
            {
                // A trailing delimiter means one more, empty, field.
                if (count == _fields.Length)
                {
                    Array.Resize(ref _fields, _fields.Length * 2);
                }

                _fields[count++] = new CsvFieldSpan(written, 0, false);
                break;
            }
        }

        _lastCount = count;
        _lastWritten = written;
        row = LastRow;
        return null;
    }

    /// <summary>The row of the last successful <see cref="TryParse"/>.</summary>
    public CsvRow LastRow => new(_data.AsSpan(0, _lastWritten), _fields.AsSpan(0, _lastCount));

    private int FieldEnd(ReadOnlySpan<byte> record, int position)
    {
        int next = record[position..].IndexOf(_delimiter);
        return next < 0 ? record.Length : position + next;
    }

    // Unquoted text runs to the next delimiter; every quote in it is a literal character.
    private int CopyUnquoted(ReadOnlySpan<byte> record, int position, ref int written)
    {
        int end = FieldEnd(record, position);
        record[position..end].CopyTo(_data.AsSpan(written));
        written += end - position;
        return end;
    }
}
