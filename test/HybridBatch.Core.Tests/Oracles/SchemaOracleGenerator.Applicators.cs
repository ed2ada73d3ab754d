using System.Text.Json.Nodes;

namespace HybridBatch.Core.Tests.Oracles;

/// <summary>
/// The applicators (<c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>not</c>, <c>if</c>/<c>then</c>/<c>else</c>,
/// <c>dependentSchemas</c>), <c>$ref</c> into <c>$defs</c> and to the root, and the whole-value keywords
/// (<c>patternProperties</c>, <c>propertyNames</c>, <c>min/maxProperties</c>, <c>dependentRequired</c>,
/// <c>prefixItems</c>, <c>contains</c> with <c>min/maxContains</c>, <c>uniqueItems</c>, <c>multipleOf</c>,
/// <c>unevaluatedProperties</c>, <c>unevaluatedItems</c>). Instances follow a <c>$ref</c> or one branch often
/// enough that both verdicts stay common.
/// </summary>
internal sealed partial class SchemaOracleGenerator
{
    private static readonly string[] _divisors = ["2", "3", "0.5", "0.1", "0.01", "1.5", "1e-3", "7"];
    private static readonly string[] _namePatterns = ["^a", "q$", "^[bc]$", "é"];

    private JsonObject? _defs;
    private JsonObject? _root;
    private int _instanceDepth;
    private bool _documentHasInteger;

    /// <summary>A whole document: sometimes with <c>$defs</c> that subschemas reference, and a reference back to the root.</summary>
    public JsonObject Document()
    {
        _defs = null;
        if (Chance(0.35))
        {
            // Built before _defs is set, so definitions never reference each other: a cycle of in-place
            // references would never consume input, and the validator refuses such a schema at load.
            var defs = new JsonObject();
            int count = _random.Next(1, 3);
            for (int i = 0; i < count; i++)
            {
                JsonObject definition = Schema(depth: 2);
                if (Chance(0.5))
                {
                    definition["$anchor"] = "anc" + i;
                }

                defs["d" + i] = definition;
            }

            _defs = defs;
        }

        JsonObject root = Schema(depth: 0);
        if (_defs is not null)
        {
            root["$defs"] = _defs;
        }


        _root = root;

        // A branch or a reference may ask for an integer where the instance aims at a number: no long fractions
        // then (a difference on purpose, see SchemaOracleCases).
        _documentHasInteger = root.ToJsonString().Contains("\"integer\"", StringComparison.Ordinal);
        return root;
    }

    private void AddApplicators(JsonObject schema, int depth)
    {
        if (depth >= 2)
        {
            return;
        }

        if (Chance(0.08))
        {
            schema["allOf"] = new JsonArray(Branch(depth), Branch(depth));
        }

        if (Chance(0.08))
        {
            schema["anyOf"] = new JsonArray(Branch(depth), Branch(depth));
        }

        if (Chance(0.08))
        {
            schema["oneOf"] = new JsonArray(Branch(depth), Branch(depth), Branch(depth));
        }

        if (Chance(0.05))
        {
            schema["not"] = Branch(depth);
        }

        if (Chance(0.08))
        {
            schema["if"] = Branch(depth);
            if (Chance(0.8))
            {
                schema["then"] = Branch(depth);
            }

            if (Chance(0.6))
            {
                schema["else"] = Branch(depth);
            }
        }

        if (_defs is not null && Chance(0.15))
        {
            schema["$ref"] = Reference();
        }
    }

    /// <summary>A small subschema for an applicator: a type, a bound, a property, or a reference.</summary>
    private JsonNode Branch(int depth)
    {
        int roll = _random.Next(8);
        return roll switch
        {
            0 => new JsonObject { ["type"] = Pick(["string", "integer", "number", "object", "array", "null"]) },
            1 => new JsonObject { ["minimum"] = Number(Pick(["0", "2", "10"])) },
            2 => new JsonObject { ["properties"] = new JsonObject { [Pick(_names)] = new JsonObject { ["type"] = Pick(["string", "integer"]) } } },
            3 => new JsonObject { ["required"] = new JsonArray(Pick(_names)) },
            4 => new JsonObject { ["prefixItems"] = new JsonArray(new JsonObject { ["type"] = "integer" }) },
            5 when _defs is not null => new JsonObject { ["$ref"] = Reference() },
            6 => new JsonObject { ["maxLength"] = _random.Next(0, 3) },
            _ => Schema(depth + 1),
        };
    }

    private void AddObjectApplicatorKeywords(JsonObject schema, int depth)
    {
        if (Chance(0.25))
        {
            var patterns = new JsonObject();
            foreach (string pattern in _namePatterns.Where(_ => Chance(0.5)))
            {
                patterns[pattern] = SubSchema(depth);
            }

            schema["patternProperties"] = patterns;
        }

        if (Chance(0.12))
        {
            schema["propertyNames"] = Chance(0.5) ? new JsonObject { ["maxLength"] = 1 } : new JsonObject { ["pattern"] = "^[a-c]" };
        }

        AddCount(schema, "minProperties", "maxProperties", 4);
        if (Chance(0.15))
        {
            schema["dependentRequired"] = new JsonObject { [Pick(_names)] = new JsonArray(Pick(_names)) };
        }

        if (Chance(0.1))
        {
            schema["dependentSchemas"] = new JsonObject { [Pick(_names)] = Branch(depth) };
        }

        if (Chance(0.15))
        {
            schema["unevaluatedProperties"] = Chance(0.6) ? JsonValue.Create(false) : SubSchema(depth);
        }

        if (depth == 0 && Chance(0.1))
        {
            // Recursion that consumes input: a member that is again the whole schema.
            var properties = schema["properties"] as JsonObject ?? new JsonObject();
            properties["c"] = new JsonObject { ["$ref"] = "#" };
            schema["properties"] = properties;
        }
    }

    private void AddArrayKeywords(JsonObject schema, int depth)
    {
        if (Chance(0.3))
        {
            schema["prefixItems"] = new JsonArray(SubSchema(depth), SubSchema(depth));
        }

        if (Chance(0.25))
        {
            schema["contains"] = SubSchema(depth);
            if (Chance(0.3))
            {
                schema["minContains"] = _random.Next(0, 3);
            }

            if (Chance(0.3))
            {
                schema["maxContains"] = _random.Next(0, 3);
            }
        }

        if (Chance(0.25))
        {
            schema["uniqueItems"] = Chance(0.85);
        }

        if (Chance(0.12))
        {
            schema["unevaluatedItems"] = Chance(0.6) ? JsonValue.Create(false) : SubSchema(depth);
        }
    }

    /// <summary>A reference to one of the definitions, by JSON pointer or by its <c>$anchor</c> when it has one.</summary>
    private string Reference()
    {
        string name = "d" + _random.Next(_defs!.Count);
        return _defs[name]!["$anchor"] is JsonValue anchor && Chance(0.5) ? "#" + anchor.GetValue<string>() : "#/$defs/" + name;
    }

    /// <summary>Where an instance for <paramref name="node"/> is better aimed: its reference's target, or one of its branches.</summary>
    private JsonNode? Redirect(JsonObject node)
    {
        if (node["$ref"] is JsonValue reference && Chance(0.7))
        {
            string text = reference.GetValue<string>();
            return text == "#" ? _root
                : text.StartsWith("#/$defs/", StringComparison.Ordinal) ? _defs?[text["#/$defs/".Length..]]
                : _defs?.Select(d => d.Value).FirstOrDefault(d => d?["$anchor"]?.GetValue<string>() == text[1..]);
        }

        foreach (string keyword in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (node[keyword] is JsonArray branches && Chance(0.3))
            {
                return branches[_random.Next(branches.Count)];
            }
        }

        return null;
    }

    /// <summary>Adds an item aimed at <c>contains</c> now and then, so both its verdicts show up.</summary>
    private void AddContained(JsonObject node, JsonArray array)
    {
        if (node["contains"] is { } contains && Chance(0.6))
        {
            array.Insert(_random.Next(array.Count + 1), Instance(contains));
        }

        if (node["uniqueItems"] is JsonValue unique && unique.GetValue<bool>() && array.Count > 0 && Chance(0.3))
        {
            array.Add(array[_random.Next(array.Count)]?.DeepClone());
        }
    }

    /// <summary>The schema of the first pattern the name matches, for an aimed member value.</summary>
    private static JsonNode? PatternSchemaFor(JsonObject schema, string name)
    {
        if (schema["patternProperties"] is not JsonObject patterns)
        {
            return null;
        }

        foreach ((string pattern, JsonNode? sub) in patterns)
        {
            if (System.Text.RegularExpressions.Regex.IsMatch(name, pattern))
            {
                return sub;
            }
        }

        return null;
    }

    /// <summary>
    /// The instance with every number inside an object or array written in one form (<c>1.0</c> as <c>1</c>), for
    /// schemas with <c>uniqueItems</c>: JsonSchema.Net compares nested numbers by their text there (a difference
    /// on purpose, see SchemaOracleCases); top-level numbers keep their spelling.
    /// </summary>
    public static JsonNode? WithPlainNestedNumbers(JsonNode? value, bool nested = false)
    {
        switch (value)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach ((string key, JsonNode? member) in obj)
                {
                    copy[key] = WithPlainNestedNumbers(member, nested: true);
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(item => WithPlainNestedNumbers(item, nested: true)).ToArray());
            case JsonValue number when nested && number.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                string text = number.ToJsonString();
                return decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out decimal exact)
                    ? JsonNode.Parse((exact / 1.000000000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture))
                    : value.DeepClone();
            default:
                return value?.DeepClone();
        }
    }

    /// <summary>
    /// Every keyword of the 2020-12 validation vocabulary the random schemas are meant to cover. <c>$id</c> is not
    /// among them: JsonSchema.Net 8.0.5 threw "Overwriting registered schemas is not permitted" on the first random
    /// document with a root <c>$id</c> inside this test run (not in a console program on the same schema), so
    /// <c>$id</c> is covered by ReferenceTests and the JSON-Schema-Test-Suite measurement instead.
    /// </summary>
    public static readonly string[] CoveredKeywords =
    [
        "$ref", "$defs", "$anchor", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "properties", "patternProperties",
        "additionalProperties", "propertyNames", "dependentSchemas", "prefixItems", "items", "contains", "type", "enum", "const",
        "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems",
        "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties", "required", "dependentRequired",
        "unevaluatedProperties", "unevaluatedItems", "format",
    ];
}
