using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

public class NumberKeywordTests
{
    [Theory]
    [InlineData("1", null)]
    [InlineData("1000", null)]
    [InlineData("0", "v: must be >= 1, got 0")]
    [InlineData("-5", "v: must be >= 1, got -5")]
    [InlineData("1001", "v: must be <= 1000, got 1001")]
    [InlineData("1000.5", "v: must be <= 1000, got 1000.5")]
    [InlineData("0.999", "v: must be >= 1, got 0.999")]
    public void InclusiveBounds(string value, string? expected)
    {
        Assert.Equal(expected, Check("{'properties':{'v':{'minimum':1,'maximum':1000}}}", $"{{'v':{value}}}"));
    }

    [Theory]
    [InlineData("0.01", null)]
    [InlineData("99.99", null)]
    [InlineData("0", "v: must be > 0, got 0")]
    [InlineData("-0.0", "v: must be > 0, got -0.0")]
    [InlineData("100", "v: must be < 100, got 100")]
    [InlineData("100.0", "v: must be < 100, got 100.0")]
    public void ExclusiveBounds(string value, string? expected)
    {
        Assert.Equal(expected, Check("{'properties':{'v':{'exclusiveMinimum':0,'exclusiveMaximum':100}}}", $"{{'v':{value}}}"));
    }

    [Theory]
    [InlineData("1.5", null)]
    [InlineData("1.49", "v: must be >= 1.5, got 1.49")]
    [InlineData("2.3", "v: must be < 2.25, got 2.3")]
    public void FractionalBounds(string value, string? expected)
    {
        Assert.Equal(expected, Check("{'properties':{'v':{'minimum':1.5,'exclusiveMaximum':2.25}}}", $"{{'v':{value}}}"));
    }

    [Fact]
    public void LargeIntegersCompareExactly()
    {
        string schema = "{'properties':{'v':{'maximum':9223372036854775806}}}";
        Assert.Null(Check(schema, "{'v':9223372036854775806}"));
        Assert.Equal("v: must be <= 9223372036854775806, got 9223372036854775807", Check(schema, "{'v':9223372036854775807}"));
    }

    [Fact]
    public void HugeExponentComparesExactly()
    {
        // Compared exactly now: 1e400 is simply more than 1 (it used to be refused as out of range).
        Assert.Equal("v: must be <= 1, got 1e400", Check("{'properties':{'v':{'maximum':1}}}", "{'v':1e400}"));
        Assert.Null(Check("{'properties':{'v':{'type':'number'}}}", "{'v':1e400}"));
    }

    [Fact]
    public void BoundsIgnoreNonNumbers()
    {
        Assert.Null(Check("{'properties':{'v':{'minimum':5}}}", "{'v':'1'}"));
    }
}
