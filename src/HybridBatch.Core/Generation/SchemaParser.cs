using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HybridBatch.Core.Generation;

/// <summary>
/// Reads a JSON Schema document into <see cref="SchemaNode"/>s. Every keyword is either understood or
/// rejected: silently ignoring one (say <c>multipleOf</c>) would let the generator emit "valid" records the
/// validator rejects, so unknown keywords fail fast with their JSON path.
/// </summary>
internal static class SchemaParser
{
    // Decimal keeps bounds exact; clamping to this magnitude keeps longs and cents from overflowing.
    private const decimal MaxMagnitude = 1_000_000_000_000m;

    private static readonly HashSet<string> s_annotations =
    [
        "$schema", "$id", "$comment", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
    ];

    public static SchemaNode Parse(JsonElement schema, string path)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, "expected a schema object (boolean schemas are not supported)");
        }

        var node = new SchemaNode(path);
        string[] required = [];
        foreach (var keyword in schema.EnumerateObject())
        {
            var at = Child(path, keyword.Name);
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    node.Kinds = ParseType(value, at);
                    node.TypeExplicit = true;
                    break;
                case "required":
                    required = ParseRequired(value, at);
                    break;
                case "properties":
                    node.Properties = ParseProperties(value, at);
                    break;
                case "additionalProperties":
                    // Only declared properties are ever generated, so any setting here is satisfied.
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Object))
                    {
                        throw Error(at, "expected a boolean or a schema");
                    }

                    break;
                case "enum":
                    if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
                    {
                        throw Error(at, "expected a non-empty array");
                    }

                    node.Enum = [.. value.EnumerateArray().Select(ToEnumValue)];
                    break;
                case "const":
                    node.Enum = [ToEnumValue(value)];
                    break;
                case "pattern":
                    ParsePattern(node, value, at);
                    break;
                case "minLength":
                    node.MinLength = ReadCount(value, at);
                    break;
                case "maxLength":
                    node.MaxLength = ReadCount(value, at);
                    break;
                case "minimum":
                    Tighten(node, ReadNumber(value, at), exclusive: false, lower: true);
                    break;
                case "exclusiveMinimum":
                    Tighten(node, ReadNumber(value, at), exclusive: true, lower: true);
                    break;
                case "maximum":
                    Tighten(node, ReadNumber(value, at), exclusive: false, lower: false);
                    break;
                case "exclusiveMaximum":
                    Tighten(node, ReadNumber(value, at), exclusive: true, lower: false);
                    break;
                case "format":
                    node.Format = ParseFormat(value, at);
                    break;
                case "items":
                    node.Items = Parse(value, at);
                    break;
                case "minItems":
                    node.MinItems = ReadCount(value, at);
                    break;
                case "maxItems":
                    node.MaxItems = ReadCount(value, at);
                    break;
                default:
                    if (!s_annotations.Contains(keyword.Name))
                    {
                        throw Error(at, $"keyword '{keyword.Name}' is not supported by the generator");
                    }

                    break;
            }
        }

        if (schema.TryGetProperty("enum", out _) && schema.TryGetProperty("const", out _))
        {
            throw Error(path, "'enum' and 'const' together are not supported");
        }

        Finish(node, required);
        return node;
    }

    /// <summary>Appends a property or keyword to a JSON path, bracket-quoting names that are not identifiers.</summary>
    public static string Child(string path, string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '$'))
            {
                return $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";
            }
        }

        return name.Length == 0 ? $"{path}['']" : $"{path}.{name}";
    }

    private static void Finish(SchemaNode node, string[] required)
    {
        var path = node.Path;
        if (!node.TypeExplicit && node.Enum is null)
        {
            throw Error(path, "cannot generate a value without 'type', 'enum' or 'const'");
        }

        foreach (var name in required)
        {
            var index = Array.FindIndex(node.Properties, p => p.Name == name);
            if (index < 0)
            {
                throw Error(Child(path, "required"), $"required property '{name}' is not declared in 'properties'");
            }

            var p = node.Properties[index];
            node.Properties[index] = new PropertyNode(p.Name, p.Schema, required: true);
        }

        if (node.Enum is not null)
        {
            node.Enum = [.. node.Enum.Where(v => Accepts(node, v))];
            if (node.Enum.Length == 0)
            {
                throw Error(path, "no 'enum'/'const' value satisfies the other keywords");
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
                throw Error(path, "'minItems' is greater than 'maxItems'");
            }

            if (node.Items is null && node.MaxItems != 0)
            {
                throw Error(path, "cannot generate array elements without 'items'");
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
            throw Error(path, "the numeric bounds leave no value to generate");
        }

        return ((long)min, (long)max);
    }

    private static void CheckStringFeasible(SchemaNode node)
    {
        var min = node.MinLength;
        var max = node.MaxLength ?? int.MaxValue;
        if (min > max)
        {
            throw Error(node.Path, "'minLength' is greater than 'maxLength'");
        }

        if (node.Pattern is { } pattern)
        {
            if (node.Format != StringFormat.None)
            {
                throw Error(node.Path, "'pattern' together with 'format' is not supported");
            }

            if (pattern.MinLength > max || pattern.MaxLength < min)
            {
                throw Error(node.Path, "'pattern' cannot produce a string within 'minLength'/'maxLength'");
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
            throw Error(node.Path, "'format' cannot produce a string within 'minLength'/'maxLength'");
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

    private static EnumValue ToEnumValue(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            // Re-serialising makes the value compact, so it can never put a line break into a JSON Lines record.
            value.WriteTo(writer);
        }

        var json = buffer.WrittenSpan.ToArray();
        return value.ValueKind switch
        {
            JsonValueKind.String => new EnumValue(json, Encoding.UTF8.GetBytes(value.GetString()!), JsonKinds.String),
            JsonValueKind.Number => new EnumValue(
                json,
                json,
                value.TryGetDecimal(out var d) && d == decimal.Truncate(d) ? JsonKinds.Integer | JsonKinds.Number : JsonKinds.Number),
            JsonValueKind.True or JsonValueKind.False => new EnumValue(json, json, JsonKinds.Boolean),
            JsonValueKind.Null => new EnumValue(json, [], JsonKinds.Null),
            JsonValueKind.Array => new EnumValue(json, json, JsonKinds.Array),
            _ => new EnumValue(json, json, JsonKinds.Object),
        };
    }

    private static JsonKinds ParseType(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return TypeName(value.GetString()!, path);
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw Error(path, "expected a type name or a non-empty array of type names");
        }

        var kinds = JsonKinds.None;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw Error(path, "expected type names");
            }

            kinds |= TypeName(item.GetString()!, path);
        }

        return kinds;
    }

    private static JsonKinds TypeName(string name, string path) => name switch
    {
        "null" => JsonKinds.Null,
        "boolean" => JsonKinds.Boolean,
        "integer" => JsonKinds.Integer,
        "number" => JsonKinds.Number,
        "string" => JsonKinds.String,
        "array" => JsonKinds.Array,
        "object" => JsonKinds.Object,
        _ => throw Error(path, $"unknown type '{name}'"),
    };

    private static string[] ParseRequired(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw Error(path, "expected an array of property names");
        }

        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    private static PropertyNode[] ParseProperties(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, "expected an object of property schemas");
        }

        var properties = new List<PropertyNode>();
        foreach (var property in value.EnumerateObject())
        {
            properties.Add(new PropertyNode(property.Name, Parse(property.Value, Child(path, property.Name)), required: false));
        }

        return [.. properties];
    }

    private static void ParsePattern(SchemaNode node, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Error(path, "expected a string");
        }

        var pattern = value.GetString()!;
        node.Pattern = PatternGenerator.Parse(pattern, path);
        try
        {
            node.PatternRegex = new Regex(pattern, RegexOptions.ECMAScript);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Invalid pattern \"{pattern}\" at {path}: {ex.Message}", ex);
        }
    }

    private static StringFormat ParseFormat(JsonElement value, string path)
    {
        return value.ValueKind != JsonValueKind.String
            ? throw Error(path, "expected a string")
            : value.GetString() switch
            {
                "date-time" => StringFormat.DateTime,
                "date" => StringFormat.Date,
                "email" => StringFormat.Email,
                "uuid" => StringFormat.Uuid,
                var other => throw Error(path, $"format '{other}' is not supported by the generator"),
            };
    }

    private static void Tighten(SchemaNode node, decimal bound, bool exclusive, bool lower)
    {
        if (lower)
        {
            if (node.Lower is not { } current || bound > current || (bound == current && exclusive))
            {
                node.Lower = bound;
                node.LowerExclusive = exclusive;
            }
        }
        else if (node.Upper is not { } current || bound < current || (bound == current && exclusive))
        {
            node.Upper = bound;
            node.UpperExclusive = exclusive;
        }
    }

    private static int ReadCount(JsonElement value, string path)
    {
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0
            ? count
            : throw Error(path, "expected a non-negative integer");
    }

    private static decimal ReadNumber(JsonElement value, string path)
    {
        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            ? number
            : throw Error(path, "expected a number within ±7.9e28");
    }

    private static ArgumentException Error(string path, string reason)
    {
        return new ArgumentException($"Cannot generate data for the schema at {path}: {reason}.");
    }
}
