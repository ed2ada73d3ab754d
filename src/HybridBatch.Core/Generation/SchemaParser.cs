using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Generation;

/// <summary>
/// Reads a JSON Schema document into <see cref="SchemaNode"/>s. Every keyword is either understood or
/// rejected: silently ignoring one (say <c>multipleOf</c>) would let the generator emit "valid" records the
/// validator rejects, so unknown keywords fail fast with their JSON path.
/// </summary>
internal static class SchemaParser
{
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

        SchemaCompletion.Complete(node, required);
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

    internal static ArgumentException Error(string path, string reason)
    {
        return new ArgumentException($"Cannot generate data for the schema at {path}: {reason}.");
    }
}
