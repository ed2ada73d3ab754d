using System.Globalization;
using System.Text;

namespace HybridBatch.Core.Generation;

/// <summary>
/// Works out, once per schema, every corruption that is guaranteed to make a record invalid, with its
/// replacement text pre-encoded. Properties where a kind cannot be guaranteed (say a pattern that matches
/// everything) simply offer no option of that kind.
/// </summary>
internal static class CorruptionPlanner
{
    private static readonly (byte[] Json, JsonKinds Kind)[] s_wrongTypeCandidates =
    [
        ("\"not a number\""u8.ToArray(), JsonKinds.String),
        ("7"u8.ToArray(), JsonKinds.Integer | JsonKinds.Number),
        ("true"u8.ToArray(), JsonKinds.Boolean),
        ("null"u8.ToArray(), JsonKinds.Null),
        ("{}"u8.ToArray(), JsonKinds.Object),
        ("[]"u8.ToArray(), JsonKinds.Array),
    ];

    private static readonly string[] s_patternMismatchCandidates = ["~", "~~", "", "0", "A", "a"];

    private const string NotInEnumText = "~not-in-enum~";

    /// <summary>Strings longer than this are not worth writing just to break maxLength.</summary>
    private const int MaxLengthWorthBreaking = 10_000;

    public static CorruptionPlan ForJsonLines(IReadOnlyList<PropertyNode> properties)
    {
        var options = new List<Corruption> { new(CorruptionKind.Truncated, -1, []) };
        for (var i = 0; i < properties.Count; i++)
        {
            var node = properties[i].Schema;
            if (node.TypeExplicit)
            {
                foreach (var (json, kind) in s_wrongTypeCandidates)
                {
                    if ((node.Kinds & kind) == 0)
                    {
                        options.Add(new Corruption(CorruptionKind.WrongType, i, json));
                        break;
                    }
                }
            }

            AddShared(options, properties[i], i, csv: false, s => JsonText.EncodeString(Encoding.UTF8.GetBytes(s)));
        }

        return new CorruptionPlan(options);
    }

    public static CorruptionPlan ForCsv(IReadOnlyList<PropertyNode> columns, byte delimiter)
    {
        var options = new List<Corruption> { new(CorruptionKind.FieldCount, -1, []) };
        for (var i = 0; i < columns.Count; i++)
        {
            var node = columns[i].Schema;
            var scalars = node.Kinds & JsonKinds.Scalars;
            var numeric = JsonKinds.Integer | JsonKinds.Number;
            // Text is only certainly wrong when the column can hold nothing but numbers (or nothing at all).
            if (node.TypeExplicit && (scalars & numeric) != 0 && (scalars & ~(numeric | JsonKinds.Null)) == 0)
            {
                options.Add(new Corruption(CorruptionKind.WrongType, i, "abc"u8.ToArray()));
            }

            AddShared(options, columns[i], i, csv: true, s => CsvText.EncodeString(Encoding.UTF8.GetBytes(s), delimiter));
        }

        return new CorruptionPlan(options);
    }

    private static void AddShared(List<Corruption> options, PropertyNode property, int index, bool csv, Func<string, byte[]> encodeString)
    {
        var node = property.Schema;
        if (property.Required)
        {
            options.Add(new Corruption(CorruptionKind.MissingRequired, index, []));
        }

        // In CSV a numeric-looking cell could be read as a string, so bounds only count for string-free columns.
        if (node.Has(JsonKinds.Integer | JsonKinds.Number) && !(csv && node.Has(JsonKinds.String)))
        {
            if (node.Lower is { } lower)
            {
                options.Add(new Corruption(CorruptionKind.OutOfRange, index, NumberText(node.LowerExclusive ? lower : lower - 1)));
            }

            if (node.Upper is { } upper)
            {
                options.Add(new Corruption(CorruptionKind.OutOfRange, index, NumberText(node.UpperExclusive ? upper : upper + 1)));
            }
        }

        if (node.Has(JsonKinds.String))
        {
            if (node.MaxLength is { } max && max < MaxLengthWorthBreaking)
            {
                options.Add(new Corruption(CorruptionKind.OutOfRange, index, encodeString(new string('x', max + 1))));
            }

            if (node.MinLength > 0)
            {
                options.Add(new Corruption(CorruptionKind.OutOfRange, index, encodeString(new string('x', node.MinLength - 1))));
            }
        }

        if (node.Enum is { } values)
        {
            var candidate = JsonText.EncodeString(Encoding.UTF8.GetBytes(NotInEnumText));
            if (!values.Any(v => v.Json.AsSpan().SequenceEqual(candidate)))
            {
                options.Add(new Corruption(CorruptionKind.NotInEnum, index, encodeString(NotInEnumText)));
            }
        }

        if (node.PatternRegex is { } regex && node.Has(JsonKinds.String))
        {
            var mismatch = s_patternMismatchCandidates.FirstOrDefault(c => !regex.IsMatch(c));
            if (mismatch is not null)
            {
                options.Add(new Corruption(CorruptionKind.PatternMismatch, index, encodeString(mismatch)));
            }
        }
    }

    private static byte[] NumberText(decimal value)
    {
        return Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture));
    }
}
