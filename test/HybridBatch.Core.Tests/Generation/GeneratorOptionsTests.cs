using HybridBatch.Generation;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Tests.Generation;

public sealed class GeneratorOptionsTests
{
    [Fact]
    public void Defaults_are_documented_values()
    {
        var options = new GeneratorOptions();

        Assert.Equal(42, options.Seed);
        Assert.Equal(0, options.InvalidRate);
        Assert.Equal(RecordFormat.JsonLines, options.Format);
        Assert.Equal((byte)',', options.Delimiter);
        Assert.True(options.IncludeOptional);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Out_of_range_invalid_rate_is_rejected_naming_the_setting(double rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GeneratorOptions { InvalidRate = rate });

        Assert.Equal("InvalidRate", error.ParamName);
        Assert.Contains("InvalidRate", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Boundary_invalid_rates_are_accepted(double rate)
    {
        Assert.Equal(rate, new GeneratorOptions { InvalidRate = rate }.InvalidRate);
    }

    [Theory]
    [InlineData((byte)'"')]
    [InlineData((byte)'\n')]
    [InlineData((byte)0xC3)]
    public void Unusable_delimiter_is_rejected_naming_the_setting(byte delimiter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GeneratorOptions { Delimiter = delimiter });

        Assert.Equal("Delimiter", error.ParamName);
    }
}
