using System.Text.RegularExpressions;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Generation;

/// <summary>
/// The generator's view of one (sub)schema: the keywords it honours, already checked for consistency and
/// turned into ready-to-use ranges. Built by <see cref="SchemaParser"/>; never mutated after parsing.
/// </summary>
internal sealed class SchemaNode
{
    /// <summary>Integer/number range used when a side has no bound; keeps values realistic and short.</summary>
    public const long DefaultSpan = 10_000;

    public SchemaNode(string path)
    {
        Path = path;
    }

    /// <summary>JSON path of this schema inside the schema document, for error messages.</summary>
    public string Path { get; }

    public JsonKinds Kinds { get; set; } = JsonKinds.All;

    /// <summary>True when the schema had a <c>type</c> keyword (so a value of another type is invalid).</summary>
    public bool TypeExplicit { get; set; }

    /// <summary>Allowed values from <c>enum</c> or <c>const</c>; null when unrestricted.</summary>
    public EnumValue[]? Enum { get; set; }

    public PatternGenerator? Pattern { get; set; }

    /// <summary>The same pattern as a regex, used only to prove corruption values really fail it.</summary>
    public Regex? PatternRegex { get; set; }

    public int MinLength { get; set; }

    public int? MaxLength { get; set; }

    public StringFormat Format { get; set; }

    /// <summary>Stricter of <c>minimum</c>/<c>exclusiveMinimum</c>.</summary>
    public decimal? Lower { get; set; }

    public bool LowerExclusive { get; set; }

    /// <summary>Stricter of <c>maximum</c>/<c>exclusiveMaximum</c>.</summary>
    public decimal? Upper { get; set; }

    public bool UpperExclusive { get; set; }

    /// <summary>Inclusive range generated for <c>integer</c>.</summary>
    public long IntMin { get; set; }

    public long IntMax { get; set; }

    /// <summary>Inclusive range, in hundredths, generated for <c>number</c> (always written with 2 decimals).</summary>
    public long CentsMin { get; set; }

    public long CentsMax { get; set; }

    public SchemaNode? Items { get; set; }

    public int MinItems { get; set; }

    public int? MaxItems { get; set; }

    public PropertyNode[] Properties { get; set; } = [];

    /// <summary>Non-null kinds to pick from when generating (null handled separately).</summary>
    public JsonKinds[] Choices { get; set; } = [];

    public bool Has(JsonKinds kind) => (Kinds & kind) != 0;
}
