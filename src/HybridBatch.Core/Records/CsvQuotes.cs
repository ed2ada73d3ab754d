namespace HybridBatch.Core.Records;

/// <summary>
/// What a quote that cannot open a quoted field means (<c>--csv-quotes</c>). Framing never depends on it: a quote
/// opens a quoted field only as the first character of a field in both modes, so a strict reject never moves the
/// boundaries of later records. <see cref="CsvQuotesText"/> holds the option's names.
/// </summary>
public enum CsvQuotes
{
    /// <summary>
    /// The default, as Python's <c>csv</c> (default dialect), Sylvan.Data.Csv and spreadsheets read it: a quote inside
    /// an unquoted field is a literal character, and text after a closing quote (<c>"ab"c</c>) is appended literally.
    /// </summary>
    Lenient,

    /// <summary>A quote inside an unquoted field, or text after a closing quote, makes that one record a reject.</summary>
    Strict,
}
