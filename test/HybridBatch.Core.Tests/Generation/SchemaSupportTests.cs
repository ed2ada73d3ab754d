using System.Text;
using HybridBatch.Core.Generation;

namespace HybridBatch.Core.Tests.Generation;

public sealed class SchemaSupportTests
{
    [Theory]
    [InlineData("""{ "type": "object", "properties": { "x": { "oneOf": [] } } }""", "$.properties.x.oneOf")]
    [InlineData("""{ "type": "object", "properties": { "x": { "type": "string", "format": "ipv4" } } }""", "$.properties.x.format")]
    [InlineData("""{ "type": "object", "properties": { "x": { "type": "string", "pattern": "(a|b)" } } }""", "$.properties.x.pattern")]
    [InlineData("""{ "type": "object", "properties": { "x": { "type": "integer", "multipleOf": 5 } } }""", "$.properties.x.multipleOf")]
    [InlineData("""{ "type": "object", "properties": { "a b": { "type": "integer", "minimum": 5, "maximum": 4 } } }""", "$.properties['a b']")]
    [InlineData("""{ "type": "object", "properties": { "x": { "type": "string", "maxLength": 30, "format": "uuid" } } }""", "$.properties.x")]
    [InlineData("""{ "type": "object", "required": ["y"], "properties": { "x": { "type": "string" } } }""", "$.required")]
    [InlineData("""{ "type": "object", "properties": { "x": { "description": "anything" } } }""", "$.properties.x")]
    [InlineData("""{ "type": "object", "properties": { "x": { "type": "array", "items": { "$ref": "#/x" } } } }""", "$.properties.x.items.$ref")]
    [InlineData("""{ "type": "string" }""", "$")]
    public void Unsupported_or_impossible_schemas_are_rejected_with_the_path(string schema, string path)
    {
        var error = Assert.Throws<ArgumentException>(() => new RecordGenerator(Encoding.UTF8.GetBytes(schema), new GeneratorOptions()));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_schema_json_is_an_argument_exception()
    {
        Assert.Throws<ArgumentException>(() => new RecordGenerator("{ \"type\": "u8, new GeneratorOptions()));
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
