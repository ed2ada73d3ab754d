using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class StringKeywordTests
{
    [Theory]
    [InlineData("'ab'", null)]
    [InlineData("'abcd'", null)]
    [InlineData("'a'", "v: length must be >= 2, got 1")]
    [InlineData("'abcde'", "v: length must be <= 4, got 5")]
    [InlineData("'éé'", null)]
    [InlineData("'日本語'", null)]
    [InlineData("'😀😀😀😀'", null)]
    [InlineData("'😀😀😀😀😀'", "v: length must be <= 4, got 5")]
    [InlineData("'\\u00e9\\u00e9'", null)]
    [InlineData("'\\ud83d\\ude00'", "v: length must be >= 2, got 1")]
    public void LengthsCountCodePoints(string value, string? expected)
    {
        Assert.Equal(expected, Check("{'properties':{'v':{'minLength':2,'maxLength':4}}}", $"{{'v':{value}}}"));
    }

    [Fact]
    public void LengthKeywordsIgnoreNonStrings()
    {
        Assert.Null(Check("{'properties':{'v':{'maxLength':1}}}", "{'v':12345}"));
    }

    [Theory]
    [InlineData("'ORD-0000000001'", null)]
    [InlineData("'ORD-000000001'", "v: does not match pattern ^ORD-[0-9]{10}$")]
    [InlineData("'xORD-0000000001'", "v: does not match pattern ^ORD-[0-9]{10}$")]
    public void AnchoredPattern(string value, string? expected)
    {
        Assert.Equal(expected, Check("{'properties':{'v':{'pattern':'^ORD-[0-9]{10}$'}}}", $"{{'v':{value}}}"));
    }

    [Theory]
    [InlineData("'xx-abc-yy'", null)]
    [InlineData("'abc'", null)]
    [InlineData("'ab'", "v: does not match pattern abc")]
    public void PatternIsAnUnanchoredSearch(string value, string? expected)
    {
        Assert.Equal(expected, Check("{'properties':{'v':{'pattern':'abc'}}}", $"{{'v':{value}}}"));
    }

    [Fact]
    public void PatternSeesUnescapedNonAsciiText()
    {
        string schema = "{'properties':{'v':{'pattern':'^caf\u00e9$'}}}";
        Assert.Null(Check(schema, "{'v':'café'}"));
        Assert.Null(Check(schema, "{'v':'caf\\u00e9'}"));
        Assert.Equal("v: does not match pattern ^café$", Check(schema, "{'v':'cafe'}"));
    }

    [Fact]
    public void LongStringsArePatternChecked()
    {
        string schema = "{'properties':{'v':{'pattern':'^a+$'}}}";
        Assert.Null(Check(schema, $"{{'v':'{new string('a', 5000)}'}}"));
        Assert.Equal("v: does not match pattern ^a+$", Check(schema, $"{{'v':'{new string('a', 5000)}b'}}"));
    }

    [Theory]
    [InlineData("'EUR'", null)]
    [InlineData("'GBP'", null)]
    [InlineData("'eur'", "v: not one of the allowed values")]
    [InlineData("'EURO'", "v: not one of the allowed values")]
    [InlineData("'\\u0045UR'", null)]
    [InlineData("1", "v: not one of the allowed values")]
    [InlineData("null", null)]
    [InlineData("2.0", null)]
    [InlineData("true", "v: not one of the allowed values")]
    public void Enum(string value, string? expected)
    {
        Assert.Equal(expected, Check("{'properties':{'v':{'enum':['EUR','USD','GBP',null,2]}}}", $"{{'v':{value}}}"));
    }

    [Theory]
    [InlineData("{'const':'x'}", "'x'", null)]
    [InlineData("{'const':'x'}", "'y'", "v: must be \"x\"")]
    [InlineData("{'const':5}", "5.0", null)]
    [InlineData("{'const':5}", "6", "v: must be 5")]
    [InlineData("{'const':true}", "true", null)]
    [InlineData("{'const':true}", "false", "v: must be true")]
    [InlineData("{'const':null}", "null", null)]
    [InlineData("{'const':null}", "0", "v: must be null")]
    public void Const(string keyword, string value, string? expected)
    {
        Assert.Equal(expected, Check($"{{'properties':{{'v':{keyword}}}}}", $"{{'v':{value}}}"));
    }
}
