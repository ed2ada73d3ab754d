using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class CsvBindingTests
{
    private const string Closed =
        "{'type':'object','required':['id','qty'],'additionalProperties':false,'properties':{'id':{'type':'string'},'qty':{'type':'integer'},'note':{'type':['string','null']}}}";

    [Fact]
    public void ColumnsAndIndexes()
    {
        CsvRowBinder binder = Compile(Closed).BindCsvHeader(["qty", "id", "note"]);
        Assert.Equal(["qty", "id", "note"], binder.Columns);
        Assert.Equal(1, binder.ColumnIndex("id"));
        Assert.Equal(0, binder.ColumnIndex("qty"));
        Assert.Equal(-1, binder.ColumnIndex("nope"));
    }

    [Fact]
    public void OptionalColumnsMayBeLeftOut()
    {
        Assert.Equal(2, Compile(Closed).BindCsvHeader(["id", "qty"]).Columns.Count);
    }

    [Theory]
    [InlineData(new[] { "id" }, "'qty'")]
    [InlineData(new[] { "id", "qty", "id" }, "'id'")]
    [InlineData(new[] { "id", "qty", "extra" }, "'extra'")]
    public void BadHeadersAreMismatches(string[] header, string column)
    {
        var ex = Assert.Throws<SchemaMismatchException>(() => Compile(Closed).BindCsvHeader(header));
        Assert.Contains(column, ex.Message);
    }

    [Theory]
    [InlineData("{'properties':{'a':{}}}")]
    [InlineData("{'type':'array'}")]
    [InlineData("{'type':['object','null']}")]
    public void RootMustBeAnObjectSchema(string schema)
    {
        Assert.Throws<SchemaMismatchException>(() => Compile(schema).BindCsvHeader(["a"]));
    }

    [Theory]
    [InlineData("{'type':'object'}")]
    [InlineData("{'type':'array','items':{'type':'string'}}")]
    [InlineData("{'type':['object','null']}")]
    public void ObjectOrArrayColumnsCannotBeBound(string property)
    {
        var ex = Assert.Throws<SchemaMismatchException>(
            () => Compile($"{{'type':'object','properties':{{'nested':{property}}}}}").BindCsvHeader(["nested"]));
        Assert.Contains("'nested'", ex.Message);
    }

    [Fact]
    public void ExtraColumnsAreAllowedWhenAdditionalPropertiesIsNotFalse()
    {
        CsvRowBinder binder = Compile("{'type':'object','properties':{'a':{'type':'integer'}}}").BindCsvHeader(["a", "free"]);
        Assert.Null(binder.Validate(Row("1", "anything")));
    }

    [Fact]
    public void ExtraColumnsUseTheAdditionalPropertiesSchema()
    {
        CsvRowBinder binder = Compile("{'type':'object','additionalProperties':{'type':'integer','minimum':0}}").BindCsvHeader(["n"]);
        Assert.Null(binder.Validate(Row("5")));
        Assert.Equal(new ValidationError("n", "expected integer, got 'x'"), binder.Validate(Row("x")));
        Assert.Equal(new ValidationError("n", "must be >= 0, got -1"), binder.Validate(Row("-1")));
    }
}
