using HybridBatch.Core.Json;
using System.Buffers;
using System.Text;
using System.Text.Json;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// A run without a schema (<see cref="RecordSchema.NoSchema"/>): any well-formed JSON value is a record, a CSV row is
/// an object of strings named by the header, and framing, duplicate names and depth are refused as with any schema.
/// </summary>
public class NoSchemaTests
{
    private static readonly RecordSchema None = RecordSchema.NoSchema();

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("[1,\"x\",null,{}]")]
    [InlineData("-12.5e3")]
    [InlineData("\"text \\u00e9 <>&\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Any_json_value_is_a_record(string record) => Assert.Null(Check(None, record));

    [Theory]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":1} x")]
    [InlineData("")]
    [InlineData("nul")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("[{\"b\":{\"a\":1,\"a\":2}}]")]
    public void What_is_not_one_well_formed_value_is_still_rejected(string record) => Assert.NotNull(Check(None, record));

    [Fact]
    public void Nesting_deeper_than_the_limit_is_still_rejected()
    {
        string deep = new string('[', 70) + new string(']', 70);
        Assert.NotNull(None.ValidateJson(Encoding.UTF8.GetBytes(deep), maxDepth: 64));
        Assert.Null(None.ValidateJson(Encoding.UTF8.GetBytes(deep), maxDepth: 100));
    }

    [Fact]
    public void The_schema_is_named_and_constrains_nothing_while_a_real_schema_does()
    {
        Assert.Equal(RecordSchema.NoSchemaName, None.Name);
        Assert.True(None.ConstrainsNothing);
        Assert.False(Compile("{'type':'object'}").ConstrainsNothing);
        Assert.False(RecordSchema.LoadSample("orders").ConstrainsNothing);
        Assert.True(RecordSchema.NamesNoSchema(null));
        Assert.True(RecordSchema.NamesNoSchema(" "));
        Assert.False(RecordSchema.NamesNoSchema("orders"));
    }

    [Fact]
    public void A_csv_row_is_an_object_of_strings_every_field_kept()
    {
        CsvRowBinder binder = None.BindCsvHeader(["id", "qty", "na\"me", "<tag>", "caf\u00e9"]);
        CsvRow row = Row("7", "", "\"\"", "null", "say \"hi\" <b>&'+ \U0001F600");

        Assert.Null(binder.Validate(row));
        Assert.Equal("{\"id\":\"7\",\"qty\":\"\",\"na\\\"me\":\"\",\"<tag>\":\"null\",\"caf\u00e9\":\"say \\\"hi\\\" <b>&'+ \U0001F600\"}", Write(binder, row));
    }

    [Fact]
    public void A_csv_row_with_another_field_count_is_rejected_and_a_repeated_column_refused()
    {
        CsvRowBinder binder = None.BindCsvHeader(["a", "b"]);
        Assert.NotNull(binder.Validate(Row("1")));
        Assert.NotNull(binder.Validate(Row("1", "2", "3")));
        Assert.Throws<SchemaMismatchException>(() => None.BindCsvHeader(["a", "a"]));
    }

    private static string Write(CsvRowBinder binder, CsvRow row)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, MinimalJsonEncoder.WriterOptions))
        {
            binder.WriteJson(row, writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
