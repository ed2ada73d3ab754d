using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// Works out, once per schema, the corruptions of the top-level properties that the validator rejects: each
/// candidate value is judged by the property's own schemas in the validator's model, and only those it rejects
/// are kept (the root's <c>properties</c> and <c>required</c> always apply, so the record is rejected too). Kinds a
/// property cannot be broken by (say a pattern that matches everything) simply offer no option of that kind.
/// </summary>
internal static class CorruptionPlanner
{
    private static readonly (byte[] Json, JsonTypes Allowing)[] s_wrongTypeCandidates =
    [
        ("\"not a number\""u8.ToArray(), JsonTypes.String),
        ("7"u8.ToArray(), JsonTypes.Integer | JsonTypes.Number),
        ("true"u8.ToArray(), JsonTypes.Boolean),
        ("null"u8.ToArray(), JsonTypes.Null),
        ("{}"u8.ToArray(), JsonTypes.Object),
        ("[]"u8.ToArray(), JsonTypes.Array),
    ];

    private static readonly string[] s_patternMismatchCandidates = ["~", "~~", "", "0", "A", "a"];

    private const string NotInEnumText = "~not-in-enum~";

    /// <summary>Strings longer than this are not worth writing just to break maxLength.</summary>
    private const int MaxLengthWorthBreaking = 10_000;

    public static CorruptionPlan ForJsonLines(IReadOnlyList<PropertyEntry> properties)
    {
        var options = new List<Corruption> { new(CorruptionKind.Truncated, -1, []) };
        for (var i = 0; i < properties.Count; i++)
        {
            PropertyEntry property = properties[i];
            if (property.Required)
            {
                options.Add(new Corruption(CorruptionKind.MissingRequired, i, []));
            }

            foreach ((CorruptionKind kind, _, byte[] json) in Candidates(property, csv: false))
            {
                if (!ValueGenerator.Passes(property.Schemas, json))
                {
                    options.Add(new Corruption(kind, i, json));
                }
            }
        }

        return new CorruptionPlan(Distinct(options));
    }

    public static CorruptionPlan ForCsv(IReadOnlyList<CsvColumn> columns, byte delimiter)
    {
        var options = new List<Corruption> { new(CorruptionKind.FieldCount, -1, []) };
        for (var i = 0; i < columns.Count; i++)
        {
            PropertyEntry property = columns[i].Entry;
            JsonTypes scalars = Allowed(property) & (JsonTypes.Boolean | JsonTypes.Integer | JsonTypes.Number | JsonTypes.String | JsonTypes.Null);
            var numeric = JsonTypes.Integer | JsonTypes.Number;
            if (property.Required)
            {
                options.Add(new Corruption(CorruptionKind.MissingRequired, i, []));
            }

            // Text is only certainly wrong when the column can hold nothing but numbers (or nothing at all).
            if (Typed(property) && (scalars & numeric) != 0 && (scalars & ~(numeric | JsonTypes.Null)) == 0)
            {
                options.Add(new Corruption(CorruptionKind.WrongType, i, "abc"u8.ToArray()));
            }

            foreach ((CorruptionKind kind, string? text, byte[] json) in Candidates(property, csv: true))
            {
                // A numeric-looking cell could be read as a string, so bounds only count for string-free columns.
                if (kind == CorruptionKind.WrongType || (text is null && (scalars & JsonTypes.String) != 0) || ValueGenerator.Passes(property.Schemas, json))
                {
                    continue;
                }

                options.Add(new Corruption(kind, i, text is null ? json : CsvText.EncodeString(Encoding.UTF8.GetBytes(text), delimiter)));
            }
        }

        return new CorruptionPlan(Distinct(options));
    }

    /// <summary>Candidate values per kind: the JSON, and for strings their text (CSV writes it quoted as needed).</summary>
    private static IEnumerable<(CorruptionKind Kind, string? Text, byte[] Json)> Candidates(PropertyEntry property, bool csv)
    {
        List<SchemaNode> nodes = property.Schemas.SelectMany(SchemaSet.Fixed).ToList();
        if (!csv && Typed(property))
        {
            JsonTypes allowed = Allowed(property);
            foreach ((byte[] json, JsonTypes allowing) in s_wrongTypeCandidates)
            {
                if ((allowed & allowing) == 0)
                {
                    yield return (CorruptionKind.WrongType, null, json);
                    break;
                }
            }
        }

        foreach (SchemaNode node in nodes)
        {
            if (node.Minimum is { } minimum && Decimal(minimum) is decimal low)
            {
                yield return (CorruptionKind.OutOfRange, null, NumberText(low - 1));
            }

            if (node.ExclusiveMinimum is { } exclusiveMinimum)
            {
                yield return (CorruptionKind.OutOfRange, null, Encoding.UTF8.GetBytes(exclusiveMinimum.Text));
            }

            if (node.Maximum is { } maximum && Decimal(maximum) is decimal high)
            {
                yield return (CorruptionKind.OutOfRange, null, NumberText(high + 1));
            }

            if (node.ExclusiveMaximum is { } exclusiveMaximum)
            {
                yield return (CorruptionKind.OutOfRange, null, Encoding.UTF8.GetBytes(exclusiveMaximum.Text));
            }

            if (node.MaxLength >= 0 && node.MaxLength < MaxLengthWorthBreaking)
            {
                yield return String(CorruptionKind.OutOfRange, new string('x', node.MaxLength + 1));
            }

            if (node.MinLength > 0)
            {
                yield return String(CorruptionKind.OutOfRange, new string('x', node.MinLength - 1));
            }

            if (node.ListsValues)
            {
                yield return String(CorruptionKind.NotInEnum, NotInEnumText);
            }

            if (node.PatternText is not null)
            {
                foreach (string candidate in s_patternMismatchCandidates)
                {
                    if (!node.MatchesPattern(Encoding.UTF8.GetBytes(candidate), out _))
                    {
                        yield return String(CorruptionKind.PatternMismatch, candidate);
                        break;
                    }
                }
            }
        }
    }

    private static (CorruptionKind, string?, byte[]) String(CorruptionKind kind, string text) =>
        (kind, text, JsonText.EncodeString(Encoding.UTF8.GetBytes(text)));

    /// <summary>True when one of the property's schemas (or what they always apply) says <c>type</c>.</summary>
    private static bool Typed(PropertyEntry property) =>
        property.Schemas.SelectMany(SchemaSet.Fixed).Any(n => n.Types != JsonTypes.None);

    private static JsonTypes Allowed(PropertyEntry property)
    {
        var allowed = (JsonTypes)0x7F;
        foreach (SchemaNode node in property.Schemas.SelectMany(SchemaSet.Fixed))
        {
            if (node.Types != JsonTypes.None)
            {
                allowed &= node.Types;
            }
        }

        // An integer is a number too: a number schema takes the integer candidate.
        return (allowed & JsonTypes.Number) != 0 ? allowed | JsonTypes.Integer : allowed;
    }

    private static decimal? Decimal(NumericBound bound) =>
        decimal.TryParse(bound.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value) && Math.Abs(value) < 1e27m ? value : null;

    private static byte[] NumberText(decimal value) => Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private static IEnumerable<Corruption> Distinct(List<Corruption> options) =>
        options.GroupBy(o => (o.Kind, o.Property, Encoding.Latin1.GetString(o.Replacement))).Select(g => g.First());
}
