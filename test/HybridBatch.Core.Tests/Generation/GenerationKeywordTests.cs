using System.Text;
using System.Text.Json;
using HybridBatch.Generation;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Tests.Oracles;
using HybridBatch.Core.Tests.Support;
using Json.Schema;

namespace HybridBatch.Core.Tests.Generation;

/// <summary>
/// For schemas covering every keyword the generator reads from the validator's model, seeded runs whose records are
/// judged twice: by the validator and by JsonSchema.Net (the project's oracle, formats asserted). Valid records must
/// pass both; corrupted ones must fail both. The schemas are written for these tests from the 2020-12 specification.
/// </summary>
public sealed class GenerationKeywordTests
{
    private const int Seed = 20261205;
    private const int Records = 200;

    public static TheoryData<string, string> Schemas => new()
    {
        { "type", """{ "type": ["integer", "string", "null", "boolean"] }""" },
        { "properties/required/additionalProperties", """{ "type": "object", "properties": { "a": { "type": "integer" }, "b": { "type": "string" } }, "required": ["a"], "additionalProperties": false }""" },
        { "additionalProperties schema", """{ "type": "object", "properties": { "a": { "type": "integer" } }, "additionalProperties": { "type": "string", "maxLength": 4 }, "minProperties": 3 }""" },
        { "boolean schemas", """{ "type": "object", "properties": { "t": true, "f": false }, "required": ["t"] }""" },
        { "enum/const", """{ "type": "object", "properties": { "e": { "enum": [1, "two", null, { "k": [1, 2] }, [3]] }, "c": { "const": { "x": 1 } } }, "required": ["e", "c"] }""" },
        { "numeric bounds and multipleOf", """{ "type": "object", "properties": { "i": { "type": "integer", "minimum": -5, "exclusiveMaximum": 20, "multipleOf": 3 }, "n": { "type": "number", "exclusiveMinimum": 0.5, "maximum": 0.75, "multipleOf": 0.05 }, "m": { "type": "number", "multipleOf": 0.1, "allOf": [{ "multipleOf": 0.25 }] }, "f": { "type": "integer", "multipleOf": 0.5, "minimum": 1 } }, "required": ["i", "n", "m", "f"] }""" },
        { "string lengths in code points", """{ "type": "object", "properties": { "s": { "type": "string", "minLength": 3, "maxLength": 5 }, "g": { "type": "string", "pattern": "^[α-ω]+$", "minLength": 3, "maxLength": 4 } }, "required": ["s", "g"] }""" },
        { "pattern", """{ "type": "object", "properties": { "p": { "type": "string", "pattern": "^(ab|cd)+[^x-z]\\d{2}(?:-[A-F0-9]{4}){1,2}$" }, "b": { "type": "string", "pattern": "^(a|b)c\\1$" }, "d": { "type": "string", "pattern": "^(🐲|x)+$" }, "l": { "type": "string", "pattern": "^(?=.*\\d)[a-z0-9]{6}$" } }, "required": ["p", "b", "d", "l"] }""" },
        { "format", """{ "type": "object", "properties": { "dt": { "type": "string", "format": "date-time" }, "d": { "type": "string", "format": "date" }, "t": { "type": "string", "format": "time" }, "du": { "type": "string", "format": "duration" }, "e": { "type": "string", "format": "email" }, "h": { "type": "string", "format": "hostname" }, "v4": { "type": "string", "format": "ipv4" }, "v6": { "type": "string", "format": "ipv6" }, "u": { "type": "string", "format": "uri" }, "r": { "type": "string", "format": "uri-reference" }, "id": { "type": "string", "format": "uuid" } }, "required": ["dt", "d", "t", "du", "e", "h", "v4", "v6", "u", "r", "id"] }""" },
        { "prefixItems/items/min/maxItems", """{ "type": "array", "prefixItems": [{ "type": "integer" }, { "type": "string" }], "items": { "type": "boolean" }, "minItems": 2, "maxItems": 5 }""" },
        { "uniqueItems", """{ "type": "array", "items": { "enum": [1, 2, 3, 4] }, "uniqueItems": true, "minItems": 3 }""" },
        { "contains/minContains/maxContains", """{ "type": "array", "items": { "type": "integer", "minimum": 0, "maximum": 100 }, "contains": { "minimum": 90 }, "minContains": 2, "maxContains": 3 }""" },
        { "patternProperties/min/maxProperties", """{ "type": "object", "patternProperties": { "^x-[a-z]{2}$": { "type": "integer" } }, "additionalProperties": false, "minProperties": 2, "maxProperties": 4 }""" },
        { "propertyNames", """{ "type": "object", "propertyNames": { "pattern": "^[a-z_0-9]+$", "maxLength": 12 }, "minProperties": 1 }""" },
        { "dependentRequired", """{ "type": "object", "properties": { "card": { "type": "string" }, "cvv": { "type": "string", "pattern": "^[0-9]{3}$" } }, "dependentRequired": { "card": ["cvv"] } }""" },
        { "dependentSchemas", """{ "type": "object", "properties": { "kind": { "type": "string" } }, "dependentSchemas": { "kind": { "properties": { "size": { "type": "integer" } }, "required": ["size"] } } }""" },
        { "$ref/$defs recursion", """{ "$defs": { "node": { "type": "object", "properties": { "value": { "type": "integer" }, "children": { "type": "array", "items": { "$ref": "#/$defs/node" }, "maxItems": 2 } }, "required": ["value"] } }, "$ref": "#/$defs/node" }""" },
        { "allOf", """{ "allOf": [{ "type": "object", "properties": { "a": { "type": "integer" } }, "required": ["a"] }, { "properties": { "a": { "minimum": 10, "maximum": 12 }, "b": { "type": "string" } }, "required": ["b"] }] }""" },
        { "anyOf", """{ "type": "object", "properties": { "v": { "anyOf": [{ "type": "string", "maxLength": 2 }, { "type": "integer", "minimum": 1000 }] } }, "required": ["v"] }""" },
        { "oneOf overlapping", """{ "type": "object", "properties": { "v": { "type": "integer", "minimum": 0, "maximum": 30, "oneOf": [{ "multipleOf": 2 }, { "multipleOf": 3 }] } }, "required": ["v"] }""" },
        { "not", """{ "type": "object", "properties": { "n": { "type": "integer", "minimum": 0, "maximum": 10, "not": { "const": 5 } } }, "required": ["n"] }""" },
        { "if/then/else", """{ "type": "object", "properties": { "country": { "enum": ["US", "NL"] }, "zip": { "type": "string" } }, "required": ["country", "zip"], "if": { "properties": { "country": { "const": "US" } } }, "then": { "properties": { "zip": { "pattern": "^[0-9]{5}$" } } }, "else": { "properties": { "zip": { "pattern": "^[0-9]{4}[A-Z]{2}$" } } } }""" },
        { "unevaluatedProperties", """{ "type": "object", "properties": { "a": { "type": "string" } }, "allOf": [{ "properties": { "b": { "type": "integer" } } }], "unevaluatedProperties": false, "required": ["a", "b"] }""" },
        { "unevaluatedItems", """{ "type": "array", "prefixItems": [{ "const": "head" }], "allOf": [{ "prefixItems": [true, { "type": "integer" }] }], "unevaluatedItems": false, "minItems": 1 }""" },
        { "bench payments", File.ReadAllText(Repository.File("bench/payments.schema.json")) },
        { "orders sample", Encoding.UTF8.GetString(SampleData.Open("orders").Span) },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Valid_records_pass_the_validator_and_JsonSchema_Net(string keyword, string schemaText)
    {
        byte[] schemaJson = Encoding.UTF8.GetBytes(schemaText);
        var generator = new RecordGenerator(schemaJson, new GeneratorOptions { Seed = Seed });
        string[] lines = Generate(generator, Records);
        RecordSchema ours = RecordSchema.Load(schemaJson, keyword);
        JsonSchema theirs = JsonSchema.FromText(schemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

        Assert.Equal(Records, lines.Length);
        foreach (string line in lines)
        {
            Assert.True(ours.ValidateJson(Encoding.UTF8.GetBytes(line)) is null, $"{keyword}, seed {Seed}: the validator rejects {line}: {ours.ValidateJson(Encoding.UTF8.GetBytes(line))}");
            using JsonDocument document = JsonDocument.Parse(line);
            Assert.True(theirs.Evaluate(document.RootElement, SchemaOracleTests.OracleOptions).IsValid, $"{keyword}, seed {Seed}: JsonSchema.Net rejects {line}");
        }

        // Construction does the work: records are rarely made again whole (local checks retry single values).
        Assert.True(generator.Retries <= Records / 4, $"{keyword}, seed {Seed}: {generator.Retries} records made again for {Records}");
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Corrupted_records_fail_the_validator_and_JsonSchema_Net(string keyword, string schemaText)
    {
        byte[] schemaJson = Encoding.UTF8.GetBytes(schemaText);
        var generator = new RecordGenerator(schemaJson, new GeneratorOptions { Seed = Seed, InvalidRate = 0.3 });
        var output = new MemoryStream();
        GenerationSummary summary = generator.Write(output, Records);
        string[] lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        RecordSchema ours = RecordSchema.Load(schemaJson, keyword);
        JsonSchema theirs = JsonSchema.FromText(schemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

        int oursRejected = lines.Count(line => ours.ValidateJson(Encoding.UTF8.GetBytes(line)) is not null);
        int theirsRejected = lines.Count(line => !OracleAccepts(theirs, line));

        Assert.True(summary.Invalid > Records / 10, $"{keyword}, seed {Seed}: only {summary.Invalid} corrupted");
        Assert.Equal(summary.Invalid, oursRejected);
        Assert.Equal(summary.Invalid, theirsRejected);
    }

    [Fact]
    public void The_bench_and_sample_schemas_generate_without_retries()
    {
        foreach (string schemaText in new[] { File.ReadAllText(Repository.File("bench/payments.schema.json")), Encoding.UTF8.GetString(SampleData.Open("orders").Span) })
        {
            var generator = new RecordGenerator(Encoding.UTF8.GetBytes(schemaText), new GeneratorOptions { Seed = Seed, InvalidRate = 0.01 });
            Generate(generator, 5_000);
            Assert.True(generator.Retries <= 5, $"seed {Seed}: {generator.Retries} records made again in 5,000");
        }
    }

    private static bool OracleAccepts(JsonSchema schema, string line)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            return schema.Evaluate(document.RootElement, SchemaOracleTests.OracleOptions).IsValid;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string[] Generate(RecordGenerator generator, int records)
    {
        var output = new MemoryStream();
        generator.Write(output, records);
        return Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
