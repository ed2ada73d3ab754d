using HybridBatch.Core.Records;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary><c>enum</c> and <c>const</c> compare any JSON value with JSON equality, as schema values too.</summary>
public class EnumConstEqualityTests
{
    [Theory]
    [InlineData("{'const':{'a':1,'b':[1,2]}}", "{'b':[1.0,2e0],'a':1}", true)]
    [InlineData("{'const':{'a':1,'b':[1,2]}}", "{'b':[2,1],'a':1}", false)]
    [InlineData("{'const':{'a':1}}", "{'a':1,'b':null}", false)]
    [InlineData("{'const':{'a':1}}", "{}", false)]
    [InlineData("{'const':[]}", "[]", true)]
    [InlineData("{'const':[]}", "{}", false)]
    [InlineData("{'const':{}}", "[]", false)]
    [InlineData("{'const':['a\\u00e9']}", "['aé']", true)]
    [InlineData("{'const':[{'x':'\\n'}]}", "[{'x':'\\u000a'}]", true)]
    [InlineData("{'const':[[0]]}", "[[-0.0]]", true)]
    [InlineData("{'const':[true]}", "[1]", false)]
    [InlineData("{'const':[null]}", "[false]", false)]
    [InlineData("{'enum':[{'a':1},[1],'x']}", "{'a':1.00}", true)]
    [InlineData("{'enum':[{'a':1},[1],'x']}", "[1]", true)]
    [InlineData("{'enum':[{'a':1},[1],'x']}", "[[1]]", false)]
    [InlineData("{'enum':[{'a':1},[1],'x']}", "'x'", true)]
    [InlineData("{'enum':[{'a':1},[1],'x']}", "['x']", false)]
    [InlineData("{'enum':[1]}", "1.0", true)]
    [InlineData("{'enum':[1]}", "1e0", true)]
    [InlineData("{'enum':[100]}", "1E2", true)]
    [InlineData("{'enum':[0.5]}", "5e-1", true)]
    [InlineData("{'const':12345678901234567890}", "12345678901234567891", false)]
    [InlineData("{'const':'\\u0041'}", "'A'", true)]
    [InlineData("{'const':false}", "0", false)]
    public void Values_compare_by_JSON_equality(string schema, string value, bool valid)
    {
        Assert.Equal(valid, Check(schema, value) is null);
    }

    [Theory]
    [InlineData("'a'")]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[]")]
    public void Empty_enum_loads_and_rejects_everything(string value)
    {
        Assert.Equal("not one of the allowed values", Check("{'enum':[]}", value));
    }

    [Fact]
    public void Nested_enum_reports_the_field()
    {
        Assert.Equal("p: not one of the allowed values", Check("{'properties':{'p':{'enum':[[1,2]]}}}", "{'p':[1,3]}"));
        Assert.Null(Check("{'properties':{'p':{'enum':[[1,2]]}}}", "{'p':[1,2.0]}"));
    }

    [Fact]
    public void Csv_numbers_compare_with_an_enum_by_value()
    {
        var binder = Compile("{'type':'object','properties':{'n':{'type':'number','enum':[1,2.5]}}}").BindCsvHeader(["n"]);

        Assert.Null(binder.Validate(Row("1.0")));
        Assert.Null(binder.Validate(Row("25e-1")));
        Assert.Equal("n: not one of the allowed values", binder.Validate(Row("2.50001"))?.ToString());
    }
}
