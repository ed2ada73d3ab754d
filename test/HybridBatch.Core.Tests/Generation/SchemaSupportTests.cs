using System.Text;
using HybridBatch.Core.Failures;
using HybridBatch.Generation;

namespace HybridBatch.Core.Tests.Generation;

/// <summary>
/// The generator reads the schema as the validator compiled it: what the validator refuses, the generator refuses
/// (with the validator's location); what it cannot satisfy fails clearly, naming where, as a configuration failure.
/// </summary>
public sealed class SchemaSupportTests
{
    [Theory]
    [InlineData("""{ "type": "object", "properties": { "x": { "oneOf": [] } } }""", "#/properties/x/oneOf")]
    [InlineData("""{ "type": "object", "properties": { "x": { "type": "string", "pattern": "(?i)a" } } }""", "#/properties/x/pattern")]
    [InlineData("""{ "type": "object", "properties": { "x": { "$ref": "#/$defs/missing" } } }""", "#/properties/x/$ref")]
    [InlineData("""{ "type": "object", "properties": { "x": { "$dynamicRef": "#a" } } }""", "#/properties/x/$dynamicRef")]
    public void Schemas_the_validator_refuses_are_refused_with_its_location(string schema, string location)
    {
        var error = Assert.Throws<ArgumentException>(() => new RecordGenerator(Encoding.UTF8.GetBytes(schema), new GeneratorOptions()));

        Assert.Contains(location, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_schema_json_is_an_argument_exception()
    {
        Assert.Throws<ArgumentException>(() => new RecordGenerator("{ \"type\": "u8, new GeneratorOptions()));
    }

    [Theory]
    [InlineData("""{ "type": "integer", "not": { "type": "integer" } }""", "#/not")]
    [InlineData("""{ "type": "object", "required": ["a b"], "properties": { "a b": { "type": "integer", "minimum": 5, "maximum": 4 } } }""", "a b")]
    [InlineData("""{ "type": "object", "required": ["y"], "additionalProperties": false, "properties": { "x": { "type": "string" } } }""", "'y'")]
    public void Unsatisfiable_schemas_fail_clearly_naming_where(string schema, string where)
    {
        var generator = new RecordGenerator(Encoding.UTF8.GetBytes(schema), new GeneratorOptions { Seed = 3 });

        var error = Assert.Throws<GenerationException>(() => generator.Write(new MemoryStream(), 10));
        Assert.Contains(where, error.Message, StringComparison.Ordinal);
        Assert.Contains("seed 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(FailureClass.Configuration, FailureTaxonomy.Classify(error));
    }

    [Fact]
    public void Keywords_not_satisfied_by_construction_are_listed_once()
    {
        var schema = """
            { "type": "object", "required": ["n"],
              "properties": { "n": { "type": "integer", "minimum": 0, "maximum": 9, "not": { "const": 5 } }, "s": { "type": "string", "pattern": "^(?=.*1)[0-9]{3}$" } },
              "if": { "required": ["s"] }, "then": { "minProperties": 2 }, "unevaluatedProperties": false }
            """u8.ToArray();

        var generator = new RecordGenerator(schema, new GeneratorOptions());

        Assert.Equal(["#/if", "#/properties/n/not", "#/properties/s/pattern", "#/unevaluatedProperties"], generator.UnconstructedKeywords);
        Assert.StartsWith("generate: 4 keyword(s) are not satisfied by construction", generator.UnconstructedWarning, StringComparison.Ordinal);
        Assert.Null(new RecordGenerator(SampleData.Open("orders").Span, new GeneratorOptions()).UnconstructedWarning);
    }

    [Fact]
    public void Samples_open_by_name_and_unknown_names_list_the_valid_ones()
    {
        foreach (var name in SampleData.Names)
        {
            Assert.StartsWith("{", Encoding.UTF8.GetString(SampleData.Open(name).Span), StringComparison.Ordinal);
        }

        var error = Assert.Throws<ArgumentException>(() => SampleData.Open("invoices"));
        Assert.Contains("orders, customers, inventory", error.Message, StringComparison.Ordinal);
    }
}
