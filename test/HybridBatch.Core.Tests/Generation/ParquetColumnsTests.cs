using System.Text;
using HybridBatch.Generation;
using Parquet.Schema;

namespace HybridBatch.Core.Tests.Generation;

/// <summary>Parquet columns come from the validator's compiled model too: types behind $ref and allOf count.</summary>
public sealed class ParquetColumnsTests
{
    [Fact]
    public void Orders_columns_are_typed_as_the_schema_says()
    {
        IReadOnlyList<DataField> columns = ParquetTableWriter.Columns(SampleData.Open("orders").Span);

        Assert.Equal(["order_id", "customer_id", "sku", "quantity", "unit_price", "currency", "status", "created_at", "note"], columns.Select(c => c.Name));
        Assert.IsType<DataField<long?>>(columns[3]);
        Assert.IsType<DataField<double?>>(columns[4]);
        Assert.IsType<DataField<string>>(columns[8]);
    }

    [Fact]
    public void A_type_behind_a_reference_or_allOf_makes_the_column()
    {
        var schema = """
            { "type": "object", "$defs": { "money": { "type": "number" } },
              "properties": { "amount": { "$ref": "#/$defs/money" }, "count": { "allOf": [{ "type": ["integer", "null"] }] } } }
            """u8;

        IReadOnlyList<DataField> columns = ParquetTableWriter.Columns(schema);

        Assert.IsType<DataField<double?>>(columns[0]);
        Assert.IsType<DataField<long?>>(columns[1]);
    }

    [Theory]
    [InlineData("""{ "type": "object", "properties": { "tags": { "type": "array" } } }""", "property 'tags' is an array")]
    [InlineData("""{ "type": "object", "properties": { "any": {} } }""", "property 'any' is of no single type")]
    [InlineData("""{ "type": "array" }""", "no top-level properties")]
    [InlineData("""{ "type": "object", "properties": { "x": { "$ref": "#/nowhere" } } }""", "#/properties/x/$ref")]
    public void Properties_no_column_holds_are_refused_by_name(string schema, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ParquetTableWriter.Columns(Encoding.UTF8.GetBytes(schema)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
