using System.Text;
using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class RecordSyntaxTests
{
    private static readonly RecordSchema Any = Compile("{}");

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\r")]
    [InlineData(" \t \r")]
    public void BlankRecordIsEmpty(string record)
    {
        Assert.Equal("empty record", Check(Any, record));
    }

    [Theory]
    [InlineData("{\"a\":1}\r")]
    [InlineData("{\"a\":1}  \t")]
    [InlineData("  {\"a\":1}")]
    [InlineData("{ \"a\" : 1 }")]
    public void SurroundingWhitespaceIsFine(string record)
    {
        Assert.Null(Check(Any, record));
    }

    [Theory]
    [InlineData("{\"a\":1} x", "trailing data after the JSON value at byte 8")]
    [InlineData("{\"a\":1}{}", "trailing data after the JSON value at byte 7")]
    [InlineData("{\"a\":1}\r,", "trailing data after the JSON value at byte 8")]
    public void TrailingGarbage(string record, string expected)
    {
        Assert.Equal(expected, Check(Any, record));
    }

    [Theory]
    [InlineData("{\"a\":1,}", "not valid JSON at byte 7: ")]
    [InlineData("{\"a\":}", "not valid JSON at byte 5: ")]
    [InlineData("{\"a\":1", "not valid JSON at byte 6: ")]
    [InlineData("{'a':1}", "not valid JSON at byte 1: ")]
    [InlineData("nul", "not valid JSON at byte ")]
    public void InvalidJson(string record, string expectedPrefix)
    {
        string? error = Check(Any, record);
        Assert.NotNull(error);
        Assert.StartsWith(expectedPrefix, error);
        Assert.DoesNotContain("LineNumber", error);
    }

    [Fact]
    public void InvalidJsonMessageIncludesTheReaderReason()
    {
        Assert.Equal("not valid JSON at byte 5: 'x' is an invalid start of a value.", Check(Any, "{\"a\":x}"));
    }

    [Fact]
    public void ScalarRootsValidate()
    {
        Assert.Null(Check(Compile("{'type':'integer'}"), "5\r"));
        Assert.Equal("expected integer, got string", Check(Compile("{'type':'integer'}"), "\"5\""));
    }

    [Fact]
    public void InvalidRecordDoesNotPoisonTheNextOne()
    {
        RecordSchema schema = Compile("{'properties':{'o':{'type':'object'}}}");
        Assert.NotNull(Check(schema, "{\"o\":{\"x\":1,\"y\":[}}"));
        Assert.NotNull(Check(schema, "{\"q\":1,\"o\":{\"x\":1,\"x\":2}}"));
        Assert.Null(Check(schema, "{\"q\":1,\"o\":{\"x\":1}}"));
    }

    [Fact]
    public void LoneSurrogateEscapeIsReportedWhenTextIsNeeded()
    {
        Assert.Equal("v: string contains an invalid escape sequence", Check("{'properties':{'v':{'minLength':1}}}", "{'v':'\\ud800'}"));
        Assert.Equal("property name contains an invalid escape sequence", Check(Any, "{\"\\ud800\":1}"));
    }

    [Theory]
    [InlineData("{\"id\":\"A-1\",\"n\":2}", "id", "A-1")]
    [InlineData("{\"n\":2,\"id\":\"A\\\"1\"}", "id", "A\\\"1")]
    [InlineData("{\"id\":42,\"n\":2}", "id", "42")]
    [InlineData("{\"id\":-1.5e3}", "id", "-1.5e3")]
    [InlineData("{\"id\":true}", "id", "true")]
    [InlineData("{\"id\":null}", "id", "null")]
    [InlineData("{\"id\":\"\"}", "id", "")]
    [InlineData("{\"id\":{\"a\":[1]},\"n\":1}", "id", "{\"a\":[1]}")]
    [InlineData("{\"\\u0069d\":\"x\"}", "id", "x")]
    public void KeyCapture(string record, string key, string expectedKey)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(record);
        ValidationError? error = Any.ValidateJson(bytes, Encoding.UTF8.GetBytes(key), out Range keyValue);
        Assert.Null(error);
        Assert.Equal(expectedKey, Encoding.UTF8.GetString(bytes.AsSpan()[keyValue]));
    }

    [Theory]
    [InlineData("{\"n\":1}")]
    [InlineData("{\"o\":{\"id\":1}}")]
    [InlineData("[{\"id\":1}]")]
    public void KeyCaptureIsEmptyWhenKeyIsNotATopLevelProperty(string record)
    {
        Any.ValidateJson(Encoding.UTF8.GetBytes(record), "id"u8, out Range keyValue);
        Assert.Equal(default, keyValue);
    }

    [Fact]
    public void KeyOverloadStillValidates()
    {
        RecordSchema schema = Compile("{'properties':{'id':{'type':'string'}}}");
        ValidationError? error = schema.ValidateJson("{\"id\":5}"u8, "id"u8, out _);
        Assert.Equal(new ValidationError("id", "expected string, got integer"), error);
    }
}
