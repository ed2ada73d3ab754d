using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class TypeKeywordTests
{
    [Theory]
    [InlineData("string", "'x'", null)]
    [InlineData("string", "''", null)]
    [InlineData("string", "1", "expected string, got integer")]
    [InlineData("integer", "1", null)]
    [InlineData("integer", "-7", null)]
    [InlineData("integer", "1.0", null)]
    [InlineData("integer", "1e2", null)]
    [InlineData("integer", "1.5", "expected integer, got number")]
    [InlineData("integer", "'1'", "expected integer, got string")]
    [InlineData("integer", "9223372036854775807", null)]
    [InlineData("integer", "1e30", null)]
    [InlineData("number", "1", null)]
    [InlineData("number", "1.5", null)]
    [InlineData("number", "-2.5e-3", null)]
    [InlineData("number", "true", "expected number, got boolean")]
    [InlineData("boolean", "true", null)]
    [InlineData("boolean", "false", null)]
    [InlineData("boolean", "0", "expected boolean, got integer")]
    [InlineData("null", "null", null)]
    [InlineData("null", "'null'", "expected null, got string")]
    [InlineData("object", "{}", null)]
    [InlineData("object", "[]", "expected object, got array")]
    [InlineData("array", "[]", null)]
    [InlineData("array", "{}", "expected array, got object")]
    public void SingleType(string type, string value, string? expected)
    {
        Assert.Equal(expected is null ? null : "v: " + expected, Check($"{{'properties':{{'v':{{'type':'{type}'}}}}}}", $"{{'v':{value}}}"));
    }

    [Theory]
    [InlineData("'x'", null)]
    [InlineData("null", null)]
    [InlineData("3", "v: expected string or null, got integer")]
    [InlineData("false", "v: expected string or null, got boolean")]
    public void TypeArray(string value, string? expected)
    {
        Assert.Equal(expected, Check("{'properties':{'v':{'type':['string','null']}}}", $"{{'v':{value}}}"));
    }

    [Theory]
    [InlineData("1", null)]
    [InlineData("1.5", null)]
    [InlineData("'1'", "v: expected integer or number, got string")]
    public void IntegerAndNumberTogether(string value, string? expected)
    {
        Assert.Equal(expected, Check("{'properties':{'v':{'type':['integer','number']}}}", $"{{'v':{value}}}"));
    }

    [Fact]
    public void RootTypeMismatchHasEmptyField()
    {
        Assert.Equal("expected object, got array", Check("{'type':'object'}", "[1]"));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("'s'")]
    [InlineData("null")]
    [InlineData("[1,{}]")]
    [InlineData("{'a':{}}")]
    public void NoTypeAcceptsAnything(string value)
    {
        Assert.Null(Check("{'properties':{'v':{}}}", $"{{'v':{value}}}"));
    }

    [Fact]
    public void TrueSchemaAcceptsAndFalseSchemaRejects()
    {
        Assert.Null(Check("{'properties':{'v':true}}", "{'v':1}"));
        Assert.Equal("v: no value is allowed here", Check("{'properties':{'v':false}}", "{'v':1}"));
        Assert.Null(Check("{'properties':{'v':false}}", "{}"));
    }
}
