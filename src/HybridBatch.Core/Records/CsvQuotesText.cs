namespace HybridBatch.Core.Records;

/// <summary>
/// The one spelling of <see cref="CsvQuotes"/> values: on the command line (<c>--csv-quotes</c>) and in the chunk
/// plan, so a worker parses exactly as the split did.
/// </summary>
public static class CsvQuotesText
{
    public const string Lenient = "lenient";

    public const string Strict = "strict";

    /// <summary>The accepted values, for help and error texts.</summary>
    public const string Choices = Lenient + "|" + Strict;

    public static string Name(CsvQuotes quotes) => quotes switch
    {
        CsvQuotes.Lenient => Lenient,
        CsvQuotes.Strict => Strict,
        _ => throw new ArgumentOutOfRangeException(nameof(quotes), quotes, "unknown CSV quote mode"),
    };

    /// <summary>Reads a name; null when it is not one (the caller says where it came from).</summary>
    public static CsvQuotes? TryParse(string? text) => text switch
    {
        Lenient => CsvQuotes.Lenient,
        Strict => CsvQuotes.Strict,
        _ => null,
    };
}
