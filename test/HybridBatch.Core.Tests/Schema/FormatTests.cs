using System.Text;
using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class FormatTests
{
    [Theory]
    [InlineData("2024-02-29T10:00:00Z", true)]
    [InlineData("2023-01-31T23:59:59.123456+05:30", true)]
    [InlineData("2023-01-31T00:00:00-00:00", true)]
    [InlineData("2023-01-31t00:00:00z", true)]
    [InlineData("2016-12-31T23:59:60Z", true)]
    [InlineData("2016-12-31T22:59:60-01:00", true)]
    [InlineData("2016-12-31T12:59:60Z", false)]
    [InlineData("2023-02-29T10:00:00Z", false)]
    [InlineData("2023-04-31T10:00:00Z", false)]
    [InlineData("2023-13-01T10:00:00Z", false)]
    [InlineData("2023-01-01 10:00:00Z", false)]
    [InlineData("2023-01-01T10:00Z", false)]
    [InlineData("2023-01-01T10:00:00", false)]
    [InlineData("2023-01-01T24:00:00Z", false)]
    [InlineData("2023-01-01T10:60:00Z", false)]
    [InlineData("2023-01-01T10:00:00.Z", false)]
    [InlineData("2023-01-01T10:00:00+0100", false)]
    [InlineData("2023-01-01T10:00:00+24:00", false)]
    [InlineData("2023-01-01T10:00:00ZZ", false)]
    [InlineData("", false)]
    public void DateTime(string text, bool valid)
    {
        Assert.Equal(valid, FormatChecks.IsDateTime(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2000-02-29", true)]
    [InlineData("2023-12-31", true)]
    [InlineData("2023-02-29", false)]
    [InlineData("1900-02-29", false)]
    [InlineData("2023-06-31", false)]
    [InlineData("2023-00-10", false)]
    [InlineData("2023-01-00", false)]
    [InlineData("2023-1-01", false)]
    [InlineData("23-01-01", false)]
    [InlineData("2023/01/01", false)]
    [InlineData("2023-01-01T00:00:00Z", false)]
    public void Date(string text, bool valid)
    {
        Assert.Equal(valid, FormatChecks.IsDate(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("a@example.com", true)]
    [InlineData("first.last+tag@sub.example.co.uk", true)]
    [InlineData("x@a-b.io", true)]
    [InlineData("no-at.example.com", false)]
    [InlineData("@example.com", false)]
    [InlineData("a@@example.com", false)]
    [InlineData("a@b@example.com", false)]
    [InlineData("a b@example.com", false)]
    [InlineData("a@localhost", true)] // RFC 5321 allows a single-label domain, as the JSON-Schema-Test-Suite checks
    [InlineData("a@example..com", false)]
    [InlineData("a@-example.com", false)]
    [InlineData("a@example-.com", false)]
    [InlineData("a@example.com.", false)]
    [InlineData("a@exa_mple.com", false)]
    public void Email(string text, bool valid)
    {
        Assert.Equal(valid, FormatChecks.IsEmail(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("123e4567-e89b-12d3-a456-426614174000", true)]
    [InlineData("123E4567-E89B-12D3-A456-426614174000", true)]
    [InlineData("123e4567e89b12d3a456426614174000", false)]
    [InlineData("123e4567-e89b-12d3-a456-42661417400", false)]
    [InlineData("123e4567-e89b-12d3-a456-42661417400g", false)]
    [InlineData("{123e4567-e89b-12d3-a456-426614174000}", false)]
    public void Uuid(string text, bool valid)
    {
        Assert.Equal(valid, FormatChecks.IsUuid(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("date-time", "'2023-02-29T00:00:00Z'", "v: not a valid date-time")]
    [InlineData("date", "'2023-02-29'", "v: not a valid date")]
    [InlineData("email", "'nobody'", "v: not a valid email")]
    [InlineData("uuid", "'nope'", "v: not a valid uuid")]
    [InlineData("date", "'2024-02-29'", null)]
    [InlineData("date", "20240229", null)]
    public void FormatsApplyToStringsInRecords(string format, string value, string? expected)
    {
        Assert.Equal(expected, Check($"{{'properties':{{'v':{{'format':'{format}'}}}}}}", $"{{'v':{value}}}"));
    }
}
