namespace HybridBatch.Core.Schema;

/// <summary>
/// Whether <c>format</c> is checked (<c>--format-assertion</c>). JSON Schema 2020-12 makes <c>format</c> an
/// annotation by default; this validator asserts the formats it knows unless told <see cref="Off"/>, because a
/// schema author who writes <c>"format": "uuid"</c> almost always means it.
/// </summary>
public enum FormatAssertion
{
    /// <summary>The default: a known format that does not hold rejects the record.</summary>
    On,

    /// <summary>The specification's default: every <c>format</c> is an annotation.</summary>
    Off,
}
