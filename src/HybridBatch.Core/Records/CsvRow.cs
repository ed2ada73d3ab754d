namespace HybridBatch.Core.Records;

/// <summary>
/// One parsed CSV record: the unescaped field values (UTF-8, <c>""</c> already turned into <c>"</c>)
/// laid end to end in <see cref="Data"/>, and where each field sits. Valid only until the parser moves on.
/// </summary>
public readonly ref struct CsvRow
{
    public CsvRow(ReadOnlySpan<byte> data, ReadOnlySpan<CsvFieldSpan> fields)
    {
        Data = data;
        Fields = fields;
    }

    public ReadOnlySpan<byte> Data { get; }

    public ReadOnlySpan<CsvFieldSpan> Fields { get; }

    public int Count => Fields.Length;

    /// <summary>The unescaped UTF-8 bytes of field <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index] => Data.Slice(Fields[index].Start, Fields[index].Length);

    /// <summary>True when the field was written in quotes (so an empty value is an empty string, not a missing one).</summary>
    public bool IsQuoted(int index) => Fields[index].Quoted;
}
