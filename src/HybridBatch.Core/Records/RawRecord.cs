namespace HybridBatch.Core.Records;

/// <summary>
/// One framed record as found in the input, before parsing. The spans point into the scanner's buffer and
/// are valid only until the next read.
/// </summary>
public readonly ref struct RawRecord
{
    public RawRecord(ReadOnlySpan<byte> content, ReadOnlySpan<byte> raw, long index, long line, long byteOffset, RecordProblem problem, int problemOffset)
    {
        Content = content;
        Raw = raw;
        Index = index;
        Line = line;
        ByteOffset = byteOffset;
        Problem = problem;
        ProblemOffset = problemOffset;
    }

    /// <summary>The record without its line terminator (no trailing <c>\n</c> or <c>\r\n</c>).</summary>
    public ReadOnlySpan<byte> Content { get; }

    /// <summary>The record's bytes as in the input, terminator included (empty for a too-long record).</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>Zero-based record number in the file (the header of a CSV file is not a record).</summary>
    public long Index { get; }

    /// <summary>One-based line on which the record starts.</summary>
    public long Line { get; }

    /// <summary>Offset of the record's first byte in the (decompressed) input.</summary>
    public long ByteOffset { get; }

    public RecordProblem Problem { get; }

    /// <summary>For <see cref="RecordProblem.InvalidUtf8"/>: offset of the first bad byte within the record.</summary>
    public int ProblemOffset { get; }
}
