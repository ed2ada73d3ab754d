namespace HybridBatch.Core.Records;

/// <summary>
/// Splits one framed CSV record into fields (RFC 4180): fields may be quoted; inside quotes the delimiter
/// and line breaks are data and <c>""</c> is one quote. A quote inside an unquoted field, or anything but a
/// delimiter after a closing quote, is an error (reported with the field number), never guessed at.
/// Reuses its buffers: a returned <see cref="CsvRow"/> is valid until the next call.
/// </summary>
public sealed class CsvRowParser
{
    private readonly byte _delimiter;
    private byte[] _data = new byte[4096];
    private CsvFieldSpan[] _fields = new CsvFieldSpan[64];
    private int _lastCount;
    private int _lastWritten;

    public CsvRowParser(byte delimiter)
    {
        _delimiter = delimiter;
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
                    row = default;
                    return $"field {count + 1}: unexpected character after closing quote";
                }
            }
            else
            {
                int next = record[position..].IndexOf(_delimiter);
                int end = next < 0 ? record.Length : position + next;
                ReadOnlySpan<byte> value = record[position..end];
                if (value.Contains((byte)'"'))
                {
                    row = default;
                    return $"field {count + 1}: quote inside an unquoted field (quote the field and double the quote)";
                }

                value.CopyTo(_data.AsSpan(written));
                written += value.Length;
                position = end;
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
}
