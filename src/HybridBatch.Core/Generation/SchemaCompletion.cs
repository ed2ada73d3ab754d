using System.Globalization;
using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Generation;

/// <summary>
/// Second half of schema parsing: once a node's keywords are read, checks they can be satisfied together
/// and precomputes the ranges generation draws from, so impossible schemas fail at construction, not mid-file.
/// </summary>
internal static class SchemaCompletion
{
    // Decimal keeps bounds exact; clamping to this magnitude keeps longs and cents from overflowing.
    private const decimal MaxMagnitude = 1_000_000_000_000m;

    public static void Complete(SchemaNode node, string[] required)
    {
        var path = node.Path;
        if (!node.TypeExplicit && node.Enum is null)
        {
            throw SchemaParser.Error(path, "cannot generate a value without 'type', 'enum' or 'const'");
        }

        foreach (var name in required)
        {
            var index = Array.FindIndex(node.Properties, p => p.Name == name);
            if (index < 0)
            {
                throw SchemaParser.Error(SchemaParser.Child(path, "required"), $"required property '{name}' is not declared in 'properties'");
            }

            var p = node.Properties[index];
            node.Properties[index] = new PropertyNode(p.Name, p.Schema, required: true);
        }

        if (node.Enum is not null)
        {
            node.Enum = [.. node.Enum.Where(v => Accepts(node, v))];
            if (node.Enum.Length == 0)
            {
                throw SchemaParser.Error(path, "no 'enum'/'const' value satisfies the other keywords");
            }

            return;
        }

        if (node.Has(JsonKinds.String))
        {
            CheckStringFeasible(node);
        }

        if (node.Has(JsonKinds.Integer))
        {
            var lo = node.Lower is { } l ? (node.LowerExclusive ? decimal.Floor(l) + 1 : decimal.Ceiling(l)) : (decimal?)null;
            var hi = node.Upper is { } u ? (node.UpperExclusive ? decimal.Ceiling(u) - 1 : decimal.Floor(u)) : (decimal?)null;
            (node.IntMin, node.IntMax) = Span(lo, hi, 1, path);
        }

        if (node.Has(JsonKinds.Number))
        {
            decimal? lo = null;
            decimal? hi = null;
            if (node.Lower is { } l)
            {
                var cents = decimal.Ceiling(l * 100);
                lo = node.LowerExclusive && cents == l * 100 ? cents + 1 : cents;
            }

            if (node.Upper is { } u)
            {
                var cents = decimal.Floor(u * 100);
                hi = node.UpperExclusive && cents == u * 100 ? cents - 1 : cents;
            }

            (node.CentsMin, node.CentsMax) = Span(lo, hi, 100, path);
        }

        if (node.Has(JsonKinds.Array))
        {
            if (node.MaxItems < node.MinItems)
            {
                throw SchemaParser.Error(path, "'minItems' is greater than 'maxItems'");
            }

            if (node.Items is null && node.MaxItems != 0)
            {
                throw SchemaParser.Error(path, "cannot generate array elements without 'items'");
            }
        }

        var choices = new List<JsonKinds>();
        foreach (var kind in (ReadOnlySpan<JsonKinds>)[JsonKinds.Boolean, JsonKinds.Integer, JsonKinds.Number, JsonKinds.String, JsonKinds.Array, JsonKinds.Object])
        {
            if (node.Has(kind))
            {
                choices.Add(kind);
            }
        }

        node.Choices = [.. choices];
    }

    private static (long Min, long Max) Span(decimal? lo, decimal? hi, long unit, string path)
    {
        var limit = MaxMagnitude * unit;
        var span = SchemaNode.DefaultSpan * unit;
        var min = lo is { } a ? Math.Max(a, -limit) : hi is { } b ? Math.Max(Math.Min(b, limit) - span, -limit) : 0;
        var max = hi is { } c ? Math.Min(c, limit) : Math.Min(min + span, limit);
        if (min > max)
        {
            throw SchemaParser.Error(path, "the numeric bounds leave no value to generate");
        }

        return ((long)min, (long)max);
    }

    private static void CheckStringFeasible(SchemaNode node)
    {
        var min = node.MinLength;
        var max = node.MaxLength ?? int.MaxValue;
        if (min > max)
        {
            throw SchemaParser.Error(node.Path, "'minLength' is greater than 'maxLength'");
        }

        if (node.Pattern is { } pattern)
        {
            if (node.Format != StringFormat.None)
            {
                throw SchemaParser.Error(node.Path, "'pattern' together with 'format' is not supported");
            }

            if (pattern.MinLength > max || pattern.MaxLength < min)
            {
                throw SchemaParser.Error(node.Path, "'pattern' cannot produce a string within 'minLength'/'maxLength'");
            }

            return;
        }

        var (shortest, longest) = node.Format switch
        {
            StringFormat.DateTime => (20, 20),
            StringFormat.Date => (10, 10),
            StringFormat.Uuid => (36, 36),
            StringFormat.Email => (ValueGenerator.EmailLongestNatural, ValueGenerator.EmailLongestPadded),
            _ => (0, int.MaxValue),
        };

        if (shortest > max || longest < min)
        {
            throw SchemaParser.Error(node.Path, "'format' cannot produce a string within 'minLength'/'maxLength'");
        }
    }

    /// <summary>Whether an enum/const value is itself valid under the node's other keywords.</summary>
    private static bool Accepts(SchemaNode node, EnumValue value)
    {
        if ((node.Kinds & value.Kind) == 0)
        {
            return false;
        }

        if (value.Kind == JsonKinds.String)
        {
            var text = Encoding.UTF8.GetString(value.Text);
            var length = text.EnumerateRunes().Count();
            return length >= node.MinLength
                && length <= (node.MaxLength ?? int.MaxValue)
                && (node.PatternRegex is null || node.PatternRegex.IsMatch(text));
        }

        if ((value.Kind & JsonKinds.Number) != 0)
        {
            if (!decimal.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            return (node.Lower is not { } l || (node.LowerExclusive ? number > l : number >= l))
                && (node.Upper is not { } u || (node.UpperExclusive ? number < u : number <= u));
        }

        return true;
    }
}
