using HybridBatch.Core.Json;
using System.Buffers;
using System.Text;
using System.Text.Json;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// Writes rejected records as JSON Lines (index, line, byte offset, field, reason, raw text cut to a limit)
/// and keeps the first few and a count per reason for the validation report.
/// </summary>
internal sealed class RejectWriter
{
    private const int MaxDistinctReasons = 200;

    private readonly Stream _output;
    private readonly int _maxRawBytes;
    private readonly int _firstErrorsToKeep;
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly Utf8JsonWriter _writer;

    public RejectWriter(Stream output, int maxRawBytes, int firstErrorsToKeep)
    {
        _output = output;
        _maxRawBytes = maxRawBytes;
        _firstErrorsToKeep = firstErrorsToKeep;
        _writer = new Utf8JsonWriter(_line, MinimalJsonEncoder.WriterOptions);
    }

    public List<RejectedRecord> FirstErrors { get; } = [];

    public Dictionary<string, long> ReasonCounts { get; } = new(StringComparer.Ordinal);

    public long Count { get; private set; }

    public void Write(in RawRecord record, ValidationError error) => Write(Describe(record, error, _maxRawBytes), error.ToString());

    /// <summary>Writes a reject; a Parquet row also says its row group and its row in it (its line is its row number).</summary>
    public void Write(in RawRecord record, ValidationError error, Parquet.ParquetRowLocation? parquet)
    {
        RejectedRecord rejected = Describe(record, error, _maxRawBytes);
        if (parquet is { } at)
        {
            rejected = rejected with { ByteOffset = at.RowGroupByteStart, RowGroup = at.RowGroup, RowInGroup = at.RowInGroup };
        }

        Write(rejected, error.ToString());
    }

    /// <summary>
    /// What the rejects file says of <paramref name="record"/> (its raw text cut to <paramref name="maxRawBytes"/>);
    /// the parallel split keeps this and writes it later, in input order, with <see cref="Write(RejectedRecord, string)"/>.
    /// </summary>
    public static RejectedRecord Describe(in RawRecord record, ValidationError error, int maxRawBytes)
    {
        ReadOnlySpan<byte> content = record.Content;
        string raw = Encoding.UTF8.GetString(content[..Math.Min(content.Length, maxRawBytes)]);
        return new RejectedRecord(record.Index, record.Line, record.ByteOffset, error.Field, error.Reason, raw);
    }

    /// <summary>Writes and counts a rejected record; <paramref name="reasonKey"/> is its error's text (ValidationError.ToString).</summary>
    public void Write(RejectedRecord rejected, string reasonKey)
    {
        Count++;
        if (FirstErrors.Count < _firstErrorsToKeep)
        {
            FirstErrors.Add(rejected);
        }

        CountReason(reasonKey);
        _line.ResetWrittenCount();
        _writer.Reset(_line);
        _writer.WriteStartObject();
        _writer.WriteNumber("index", rejected.Index);
        _writer.WriteNumber("line", rejected.Line);
        _writer.WriteNumber("byteOffset", rejected.ByteOffset);
        if (rejected.RowGroup is { } rowGroup)
        {
            _writer.WriteNumber("rowGroup", rowGroup);
            _writer.WriteNumber("rowInGroup", rejected.RowInGroup ?? 0);
        }

        _writer.WriteString("field", rejected.Field);
        _writer.WriteString("reason", rejected.Reason);
        _writer.WriteString("raw", rejected.Raw);
        _writer.WriteEndObject();
        _writer.Flush();
        _output.Write(_line.WrittenSpan);
        _output.WriteByte((byte)'\n');
    }

    // Reasons that carry values ("got 0", "got 5") would make one entry each; cap the table's size.
    private void CountReason(string key)
    {
        if (!ReasonCounts.ContainsKey(key) && ReasonCounts.Count >= MaxDistinctReasons)
        {
            key = "(other reasons)";
        }

        ReasonCounts[key] = ReasonCounts.GetValueOrDefault(key) + 1;
    }
}
