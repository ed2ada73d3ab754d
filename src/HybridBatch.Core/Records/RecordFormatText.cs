using HybridBatch.Core.Json;

namespace HybridBatch.Core.Records;

/// <summary>
/// How a <see cref="RecordFormat"/> is spelled in plans, events, job parameters and <c>--format</c>: the names are
/// the enum's <c>JsonStringEnumMemberName</c> attributes, parsed here and nowhere else.
/// </summary>
public static class RecordFormatText
{
    private static readonly WireNames<RecordFormat> s_names = new(RecordFormatJson.Default.RecordFormat);

    /// <summary>The names as an error message lists them: <c>jsonl, csv or parquet</c>.</summary>
    public static string Choices => s_names.Choices;

    /// <summary>Every name, in declaration order (<c>--format</c>'s choices).</summary>
    public static IReadOnlyCollection<string> All => s_names.All;

    public static string Name(RecordFormat format) => s_names.Name(format);

    /// <summary>The format named <paramref name="text"/>, or null when it names none.</summary>
    public static RecordFormat? TryParse(string? text) => s_names.TryParse(text);

    /// <summary>The format named <paramref name="text"/>; an unknown name fails, naming <paramref name="what"/> and the choices.</summary>
    public static RecordFormat Parse(string? text, string what) => s_names.Parse(text, what);
}
