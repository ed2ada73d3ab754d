namespace HybridBatch.Core.Schema;

/// <summary>How a schema document is read.</summary>
public sealed record SchemaLoadOptions
{
    /// <summary>The defaults: unknown keywords are annotations, listed in <see cref="RecordSchema.UnknownKeywords"/>.</summary>
    public static SchemaLoadOptions Default { get; } = new();

    /// <summary>
    /// Refuse a keyword JSON Schema 2020-12 does not define (<c>--strict-keywords</c>), instead of taking it as an
    /// annotation. Catches typos such as <c>"minimun"</c>, which would otherwise check nothing. Default false.
    /// </summary>
    public bool StrictKeywords { get; init; }

    /// <summary>Whether the formats this validator knows are asserted (<c>--format-assertion</c>). Default on.</summary>
    public FormatAssertion FormatAssertion { get; init; } = FormatAssertion.On;
}
