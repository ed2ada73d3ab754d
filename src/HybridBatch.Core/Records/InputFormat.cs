using HybridBatch.Core.Compression;

namespace HybridBatch.Core.Records;

/// <summary>
/// The format of one input file: record layout, CSV delimiter, how it is compressed, and what a CSV quote
/// that cannot open a quoted field means (<see cref="CsvQuotes"/>; lenient unless asked).
/// </summary>
public sealed record InputFormat(RecordFormat Format, byte Delimiter, InputCompression Compression, CsvQuotes Quotes = CsvQuotes.Lenient)
{
    /// <summary>Whether the split must decompress the input and stage its chunks.</summary>
    public bool Compressed => Compression != InputCompression.None;

    public static InputFormat JsonLines { get; } = new(RecordFormat.JsonLines, (byte)',', InputCompression.None);

    public static InputFormat Csv { get; } = new(RecordFormat.Csv, (byte)',', InputCompression.None);

    /// <summary>
    /// Reads the format from the file name: <c>.jsonl</c>, <c>.ndjson</c> and <c>.json</c> are JSON Lines
    /// (a <c>.json</c> file is read as one object per line), <c>.csv</c> is comma-separated, <c>.tsv</c>
    /// tab-separated, <c>.parquet</c> is Parquet; a trailing <c>.gz</c> means gzip, <c>.zst</c> zstd (never for Parquet,
    /// whose pages carry their own codec). <paramref name="format"/> and
    /// <paramref name="delimiter"/>, when given, override what the name says.
    /// </summary>
    public static InputFormat Detect(string name, RecordFormat? format = null, char? delimiter = null, CsvQuotes quotes = CsvQuotes.Lenient)
    {
        (InputCompression compression, string lower) = InputCompressionText.FromName(name.ToLowerInvariant());

        string extension = Path.GetExtension(lower);
        (RecordFormat? fromName, byte fromNameDelimiter) = extension switch
        {
            ".jsonl" or ".ndjson" or ".json" => (RecordFormat.JsonLines, (byte)','),
            ".csv" => (RecordFormat.Csv, (byte)','),
            ".tsv" => (RecordFormat.Csv, (byte)'\t'),
            ".parquet" => (RecordFormat.Parquet, (byte)','),
            _ => ((RecordFormat?)null, (byte)','),
        };

        RecordFormat chosen = format ?? fromName
            ?? throw new FormatException(
                $"cannot tell the record format of '{name}' from its extension ({(extension.Length == 0 ? "none" : extension)}); " +
                $"use .jsonl, .ndjson, .json, .csv or .tsv (optionally {InputCompressionText.Suffixes}) or .parquet, or pass --format {RecordFormatText.Choices}");
        if (chosen == RecordFormat.Parquet && compression != InputCompression.None)
        {
            throw new FormatException($"'{name}' is {InputCompressionText.Name(compression)}-compressed Parquet; Parquet compresses its own pages, so pass the .parquet file as it is");
        }

        byte chosenDelimiter = fromNameDelimiter;
        if (delimiter is char d)
        {
            if (d > 127 || d is '"' or '\r' or '\n')
            {
                throw new FormatException($"--delimiter must be one ASCII character other than a quote or a line break, got '{d}'");
            }

            chosenDelimiter = (byte)d;
        }

        return new InputFormat(chosen, chosenDelimiter, compression, quotes);
    }
}
