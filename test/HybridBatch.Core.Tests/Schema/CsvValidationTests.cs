using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class CsvValidationTests
{
    private static readonly CsvRowBinder Binder = Compile(
        "{'type':'object','required':['id','qty'],'properties':{" +
        "'id':{'type':'string','pattern':'^[A-Z]+$'}," +
        "'qty':{'type':'integer','minimum':1}," +
        "'price':{'type':'number','exclusiveMinimum':0}," +
        "'active':{'type':'boolean'}," +
        "'note':{'type':['string','null'],'maxLength':5}," +
        "'level':{'type':['integer','null']}," +
        "'day':{'type':'string','format':'date'}," +
        "'code':{'enum':['A','B']}}}")
        .BindCsvHeader(["id", "qty", "price", "active", "note", "level", "day", "code"]);

    [Fact]
    public void ValidRow()
    {
        Assert.Null(Binder.Validate(Row("ABC", "2", "9.5", "true", "hi", "3", "2024-02-29", "A")));
    }

    [Fact]
    public void OptionalFieldsMayBeEmpty()
    {
        Assert.Null(Binder.Validate(Row("ABC", "2", "", "", "", "", "", "")));
    }

    [Theory]
    [InlineData(7, "expected 8 fields, got 7")]
    [InlineData(9, "expected 8 fields, got 9")]
    public void FieldCountMustMatchTheHeader(int count, string expected)
    {
        string[] fields = Enumerable.Repeat("1", count).ToArray();
        Assert.Equal(new ValidationError("", expected), Binder.Validate(Row(fields)));
    }

    [Theory]
    [InlineData("qty", "abc", "qty: expected integer, got 'abc'")]
    [InlineData("qty", "1.5", "qty: expected integer, got '1.5'")]
    [InlineData("qty", "\"\"", "qty: expected integer, got ''")]
    [InlineData("qty", " 1", "qty: expected integer, got ' 1'")]
    [InlineData("qty", "01", "qty: expected integer, got '01'")]
    [InlineData("qty", "0", "qty: must be >= 1, got 0")]
    [InlineData("qty", "2.0", null)]
    [InlineData("qty", "\"7\"", null)]
    [InlineData("price", "1e3", null)]
    [InlineData("price", "0", "price: must be > 0, got 0")]
    [InlineData("price", "1,5", "price: expected number, got '1,5'")]
    [InlineData("active", "false", null)]
    [InlineData("active", "yes", "active: expected boolean, got 'yes'")]
    [InlineData("active", "True", "active: expected boolean, got 'True'")]
    [InlineData("id", "abc", "id: does not match pattern ^[A-Z]+$")]
    [InlineData("id", "", "missing required property 'id'")]
    [InlineData("id", "\"\"", "id: does not match pattern ^[A-Z]+$")]
    [InlineData("note", "toolong", "note: length must be <= 5, got 7")]
    [InlineData("note", "null", null)]
    [InlineData("note", "\"null\"", null)]
    [InlineData("level", "null", null)]
    [InlineData("level", "\"null\"", "level: expected integer or null, got 'null'")]
    [InlineData("level", "x", "level: expected integer or null, got 'x'")]
    [InlineData("day", "2023-02-29", "day: not a valid date")]
    [InlineData("code", "C", "code: not one of the allowed values")]
    [InlineData("code", "B", null)]
    public void FieldTyping(string column, string value, string? expected)
    {
        string[] fields = ["ABC", "2", "9.5", "true", "hi", "3", "2024-02-29", "A"];
        fields[Binder.ColumnIndex(column)] = value;
        Assert.Equal(expected, Binder.Validate(Row(fields))?.ToString());
    }

    [Fact]
    public void UnquotedEmptyRequiredFieldIsMissing()
    {
        Assert.Equal(new ValidationError("", "missing required property 'qty'"), Binder.Validate(Row("ABC", "", "", "", "", "", "", "")));
    }

    [Fact]
    public void RequiredNullableFieldIsNullWhenEmpty()
    {
        CsvRowBinder binder = Compile("{'type':'object','required':['n'],'properties':{'n':{'type':['integer','null']}}}").BindCsvHeader(["n"]);
        Assert.Null(binder.Validate(Row("")));
    }

    [Fact]
    public void NullMustSatisfyEnum()
    {
        CsvRowBinder binder = Compile("{'type':'object','properties':{'n':{'type':['string','null'],'enum':['a']}}}").BindCsvHeader(["n"]);
        Assert.Equal(new ValidationError("n", "not one of the allowed values"), binder.Validate(Row("")));
        Assert.Null(binder.Validate(Row("a")));
    }

    [Theory]
    [InlineData("12", null)]
    [InlineData("x", null)]
    [InlineData("", null)]
    [InlineData("null", null)]
    public void UntypedColumnsAcceptAnyText(string value, string? expected)
    {
        CsvRowBinder binder = Compile("{'type':'object','properties':{'v':{}}}").BindCsvHeader(["v"]);
        Assert.Equal(expected, binder.Validate(Row(value))?.ToString());
    }
}
