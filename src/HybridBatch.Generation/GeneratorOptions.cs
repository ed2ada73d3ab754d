using HybridBatch.Core.Records;

namespace HybridBatch.Generation;

/// <summary>
/// Settings for <see cref="RecordGenerator"/>. Invalid values are rejected when they are set, with an
/// <see cref="ArgumentException"/> whose parameter name is the setting.
/// </summary>
public sealed record GeneratorOptions
{
    private readonly double _invalidRate;
    private readonly byte _delimiter = (byte)',';

    /// <summary>Seed for every random choice; the same seed, schema and options give byte-identical output.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Probability (0..1) that a record is deliberately made invalid. Which records are chosen depends only
    /// on <see cref="Seed"/> and this rate, not on the schema.
    /// </summary>
    public double InvalidRate
    {
        get => _invalidRate;
        init => _invalidRate = value is >= 0.0 and <= 1.0
            ? value
            : throw new ArgumentOutOfRangeException(
                nameof(InvalidRate), value, $"{nameof(InvalidRate)} must be between 0 and 1.");
    }

    /// <summary>Output layout: JSON Lines or CSV with a header row.</summary>
    public RecordFormat Format { get; init; } = RecordFormat.JsonLines;

    /// <summary>CSV field delimiter (ASCII, not a quote or line break). Ignored for JSON Lines.</summary>
    public byte Delimiter
    {
        get => _delimiter;
        init => _delimiter = value < 0x80 && value is not ((byte)'"' or (byte)'\r' or (byte)'\n')
            ? value
            : throw new ArgumentOutOfRangeException(
                nameof(Delimiter), value, $"{nameof(Delimiter)} must be an ASCII byte other than a quote or line break.");
    }

    /// <summary>
    /// When true (the default) each optional property is written in about half of the records, chosen at
    /// random per record and property; when false optional properties are never written (CSV: left empty).
    /// </summary>
    public bool IncludeOptional { get; init; } = true;
}
