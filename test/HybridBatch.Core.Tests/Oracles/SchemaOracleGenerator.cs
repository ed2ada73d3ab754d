using System.Text.Json.Nodes;

namespace HybridBatch.Core.Tests.Oracles;

/// <summary>
/// Random schemas over the whole 2020-12 validation vocabulary, and instances aimed at them: mostly built to
/// satisfy the schema, with a small chance at every step to miss (a wrong type, one too many, a bound's
/// neighbour), so near misses dominate the invalid side. The applicators, references and whole-value keywords
/// are added in the other part of this class.
/// </summary>
internal sealed partial class SchemaOracleGenerator
{
    private static readonly string[] _types = ["string", "integer", "number", "boolean", "object", "array", "null"];
    private static readonly string[] _names = ["a", "b", "c", "é", "a\"q"];
    private static readonly string[] _patterns = ["^[a-c]+$", "^x", "[0-9]{2}", "^ab*c?$", "^(ab)+$", "a|b", "^[A-Z]{2}-[0-9]{3}$", "é"];
    private static readonly string[] _formats = ["date-time", "date", "email", "uuid"];
    private static readonly string[] _numbers =
    [
        "0", "-0", "1", "-1", "2", "3", "10", "100", "0.1", "0.5", "2.5", "-3.75", "1e2", "1.0", "1E1", "0.30000000000000004",
        "12345678901234567890", "-9223372036854775809", "9223372036854775807", "0.1000000000000000000000000001", "99.99",
    ];

    private static readonly string[] _strings = ["", "a", "ab", "abc", "x1", "xy", "ab12", "abab", "é", "😀", "AB-123", "ab-123", "a\nb", "A"];

    private static readonly Dictionary<string, string[]> _formatValues = new()
    {
        // "2024-01-01 00:00:00Z" (a space for the T) is left out: a difference on purpose, see SchemaOracleCases.
        ["date-time"] = ["2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2024-01-01T00:00:00.5+01:00", "2024-01-01t00:00:00z", "2024-13-01T00:00:00Z", "2024-01-01T25:00:00Z", "2024-01-01T00:00:00"],
        ["date"] = ["2024-02-29", "2023-02-29", "2024-1-01", "2024-12-31", "2024-04-31", "20240101"],
        // "a@example" (a single-label domain) is left out: a difference on purpose, see SchemaOracleCases.
        ["email"] = ["joe@example.com", "a.b+c@example.co.uk", ".a@example.com", "a..b@example.com", "a b@example.com", "\"a b\"@example.com", "a@[127.0.0.1]", "tést@example.com", "a@-x.com", "no-at"],
        ["uuid"] = ["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000", "123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400", "g23e4567-e89b-12d3-a456-426614174000"],
    };

    private readonly Random _random;

    public SchemaOracleGenerator(Random random)
    {
        _random = random;
    }

    public JsonObject Schema(int depth)
    {
        var schema = new JsonObject();
        string kind = Pick(_types);
        int typing = _random.Next(4);
        if (typing < 2)
        {
            schema["type"] = kind;
        }
        else if (typing == 2)
        {
            string other = Pick(_types);
            schema["type"] = other == kind ? new JsonArray(kind) : new JsonArray(kind, other);
        }

        switch (kind)
        {
            case "object":
                AddObjectKeywords(schema, depth);
                break;
            case "array":
                if (Chance(0.7))
                {
                    schema["items"] = SubSchema(depth);
                }

                AddCount(schema, "minItems", "maxItems", 4);
                AddArrayKeywords(schema, depth);
                break;
            case "string":
                AddCount(schema, "minLength", "maxLength", 5);
                if (Chance(0.3))
                {
                    schema["pattern"] = Pick(_patterns);
                }

                if (Chance(0.3))
                {
                    schema["format"] = Pick(_formats);
                }

                break;
            case "integer" or "number":
                foreach (string bound in new[] { "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" })
                {
                    if (Chance(0.3))
                    {
                        schema[bound] = Number(Pick(_numbers));
                    }
                }

                if (Chance(0.25))
                {
                    schema["multipleOf"] = Number(Pick(_divisors));
                }

                break;
        }

        AddApplicators(schema, depth);

        if (Chance(0.12))
        {
            var values = new JsonArray();
            int count = _random.Next(0, 4);
            for (int i = 0; i < count; i++)
            {
                values.Add(RandomValue(depth + 1));
            }

            schema["enum"] = values;
        }
        else if (Chance(0.06))
        {
            schema["const"] = RandomValue(depth + 1);
        }

        return schema;
    }

    /// <summary>An instance aimed at <paramref name="schema"/>; sometimes a near miss, sometimes anything.</summary>
    public JsonNode? Instance(JsonNode? schema)
    {
        // The depth bound stops a member that references the root from recursing for ever.
        if (schema is not JsonObject node || Chance(0.08) || _instanceDepth > 6)
        {
            return RandomValue(1);
        }

        _instanceDepth++;
        try
        {
            return AimedInstance(node);
        }
        finally
        {
            _instanceDepth--;
        }
    }

    private JsonNode? AimedInstance(JsonObject node)
    {
        if (Redirect(node) is { } target)
        {
            return Instance(target);
        }

        if (node["const"] is { } constant)
        {
            return Chance(0.7) ? Respell(constant) : RandomValue(1);
        }

        if (node["enum"] is JsonArray values && values.Count > 0 && Chance(0.8))
        {
            return Respell(values[_random.Next(values.Count)]);
        }

        string type = node["type"] switch
        {
            JsonValue single => single.GetValue<string>(),
            JsonArray many => many[_random.Next(many.Count)]!.GetValue<string>(),
            _ => Pick(_types),
        };
        switch (type)
        {
            case "object":
                return ObjectInstance(node);
            case "array":
                int items = Count(node, "minItems", "maxItems");
                var array = new JsonArray();
                JsonArray? prefix = node["prefixItems"] as JsonArray;
                for (int i = 0; i < items; i++)
                {
                    array.Add(Instance(prefix is not null && i < prefix.Count ? prefix[i] : node["items"]));
                }

                AddContained(node, array);
                return array;
            case "string":
                if (node["format"] is { } format && Chance(0.8))
                {
                    return Pick(_formatValues[format.GetValue<string>()]);
                }

                return Chance(0.5) && node["pattern"] is null ? RepeatTo(Count(node, "minLength", "maxLength")) : Pick(_strings);
            case "integer" or "number":
                return Number(NumberNear(node, type == "integer"));
            case "boolean":
                return Chance(0.5);
            default:
                return null;
        }
    }

    private void AddObjectKeywords(JsonObject schema, int depth)
    {
        var listed = new List<string>();
        if (Chance(0.8))
        {
            var properties = new JsonObject();
            foreach (string name in _names.Where(_ => Chance(0.4)))
            {
                properties[name] = SubSchema(depth);
                listed.Add(name);
            }

            schema["properties"] = properties;
        }

        if (Chance(0.6))
        {
            var required = new JsonArray();
            foreach (string name in _names.Where(n => Chance(listed.Contains(n) ? 0.5 : 0.15)))
            {
                required.Add(name);
            }

            schema["required"] = required;
        }

        AddObjectApplicatorKeywords(schema, depth);
        int additional = _random.Next(5);
        if (additional == 0)
        {
            schema["additionalProperties"] = false;
        }
        else if (additional == 1)
        {
            schema["additionalProperties"] = true;
        }
        else if (additional == 2)
        {
            schema["additionalProperties"] = SubSchema(depth);
        }
    }

    private JsonNode SubSchema(int depth)
    {
        int roll = _random.Next(20);
        if (roll == 0)
        {
            return JsonValue.Create(true);
        }

        if (roll == 1)
        {
            return JsonValue.Create(false);
        }

        return depth >= 2 ? new JsonObject { ["type"] = Pick(["string", "integer", "number", "boolean", "null"]) } : Schema(depth + 1);
    }

    private JsonObject ObjectInstance(JsonObject schema)
    {
        var result = new JsonObject();
        var properties = schema["properties"] as JsonObject;
        var required = (schema["required"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToHashSet() ?? [];
        foreach (string name in _names)
        {
            bool listed = properties?.ContainsKey(name) == true;
            bool include = required.Contains(name) ? Chance(0.95) : Chance(listed ? 0.5 : 0.1);
            if (!include)
            {
                continue;
            }

            JsonNode? sub = listed ? properties![name] : PatternSchemaFor(schema, name) ?? schema["additionalProperties"];
            result[name] = Instance(sub is JsonValue ? null : sub);
        }

        return result;
    }

    private void AddCount(JsonObject schema, string minKeyword, string maxKeyword, int limit)
    {
        if (Chance(0.4))
        {
            schema[minKeyword] = _random.Next(0, limit);
        }

        if (Chance(0.4))
        {
            schema[maxKeyword] = _random.Next(0, limit);
        }
    }

    private int Count(JsonObject schema, string minKeyword, string maxKeyword)
    {
        int min = schema[minKeyword]?.GetValue<int>() ?? 0;
        int max = schema[maxKeyword]?.GetValue<int>() ?? min + 3;
        int count = min + _random.Next(0, Math.Max(1, max - min + 1));
        return Chance(0.1) ? Math.Max(0, count + _random.Next(-1, 2)) : count;
    }

    private string RepeatTo(int length)
    {
        string unit = Pick(["a", "é", "😀", "ab"]);
        var text = new System.Text.StringBuilder();
        while (text.Length < length * 2 && System.Globalization.StringInfo.ParseCombiningCharacters(text.ToString()).Length < length)
        {
            text.Append(unit);
        }

        return text.ToString();
    }

    /// <summary>A number at or next to one of the schema's bounds, written in one of several equal spellings.</summary>
    private string NumberNear(JsonObject schema, bool integer)
    {
        string[] bounds = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];
        string? bound = bounds.Select(b => schema[b]?.ToJsonString()).Where(b => b is not null).OrderBy(_ => _random.Next()).FirstOrDefault();
        if (bound is null || Chance(0.3))
        {
            return integer && Chance(0.8) ? _random.Next(-5, 200).ToString(System.Globalization.CultureInfo.InvariantCulture) : Pick(_numbers);
        }

        decimal value = decimal.Parse(bound, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
        // Steps below 1e-15 only where the type is number: JsonSchema.Net takes 0.9999999999999999999 for an
        // integer (a difference on purpose, see SchemaOracleCases); bounds themselves agree at any precision.
        // The same holds for halves past 15 digits (9223372036854775806.5).
        // A branch or reference may ask for an integer where this instance aims at a number (_documentHasInteger).
        decimal step = integer || _documentHasInteger
            ? Math.Abs(value) < 1e15m ? Pick([0m, 0m, 1m, -1m, 0.5m, -0.5m]) : Pick([0m, 1m, -1m])
            : Pick([0m, 0m, 1m, -1m, 0.5m, -0.5m, 0.0000000000000000001m, -0.0000000000000000001m]);
        decimal near = value + step;
        string text = near.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Chance(0.2) && !text.Contains('.') ? text + ".0" : text;
    }

    /// <summary>The same JSON value, written differently where that is allowed (numbers, member order).</summary>
    private JsonNode? Respell(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                var members = obj.Select(m => (m.Key, Value: Respell(m.Value))).OrderBy(_ => _random.Next()).ToList();
                var reordered = new JsonObject();
                foreach ((string key, JsonNode? member) in members)
                {
                    reordered[key] = member;
                }

                return reordered;
            case JsonArray array:
                return new JsonArray(array.Select(Respell).ToArray());
            case JsonValue number when number.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                string text = number.ToJsonString();
                return Chance(0.3) && !text.Contains('.') && !text.Contains('e') && !text.Contains('E') ? Number(text + ".0") : Number(text);
            default:
                return value?.DeepClone();
        }
    }

    private JsonNode? RandomValue(int depth)
    {
        int roll = _random.Next(depth >= 3 ? 5 : 7);
        return roll switch
        {
            0 => null,
            1 => Chance(0.5),
            2 => Number(Pick(_numbers)),
            3 => Pick(_strings),
            4 => Number(_random.Next(-3, 4).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            5 => new JsonArray(Enumerable.Range(0, _random.Next(0, 3)).Select(_ => RandomValue(depth + 1)).ToArray()),
            _ => RandomObject(depth),
        };
    }

    private JsonObject RandomObject(int depth)
    {
        var result = new JsonObject();
        foreach (string name in _names.Where(_ => Chance(0.3)))
        {
            result[name] = RandomValue(depth + 1);
        }

        return result;
    }

    private static JsonNode Number(string text) => JsonNode.Parse(text)!;

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
