namespace HybridBatch.Core.Records;

/// <summary>
/// How a <see cref="RecordFormat"/> is spelled in plans, events, job parameters and <c>--format</c>: the one
/// place those names are defined.
/// </summary>
public static class RecordFormatText
{
    public const string JsonLines = "jsonl";

    public const string Csv = "csv";

    public const string Parquet = "parquet";

    /// <summary>The names as an error message lists them.</summary>
    public const string Choices = "jsonl, csv or parquet";

    public static string Name(RecordFormat format) => format switch
    {
        RecordFormat.Csv => Csv,
        RecordFormat.Parquet => Parquet,
        _ => JsonLines,
    };

    /// <summary>The format named <paramref name="text"/>, or null when it names none.</summary>
    public static RecordFormat? TryParse(string? text) => text switch
    {
        JsonLines => RecordFormat.JsonLines,
        Csv => RecordFormat.Csv,
        Parquet => RecordFormat.Parquet,
        _ => null,
    };
}
