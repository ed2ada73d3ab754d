using System.Text;
using System.Text.RegularExpressions;
using HybridBatch.Core.Generation;

namespace HybridBatch.Core.Tests.Generation;

public sealed class PatternGeneratorTests
{
    [Theory]
    [InlineData("^ORD-[0-9]{10}$")]
    [InlineData("^[A-Z]{3}-[0-9]{5}$")]
    [InlineData("^[A-Z0-9_]+$")]
    [InlineData(@"^\d{2,4}\w?$")]
    [InlineData(@"^a\.b*c$")]
    [InlineData("x[a-c]{1,3}")]
    [InlineData(@"^\s?[._-]+\$$")]
    [InlineData("^.{3}$")]
    [InlineData(@"^[\d\-x]{4,}$")]
    [InlineData("^[A-Z]{2}$")]
    public void Generated_strings_match_the_pattern(string pattern)
    {
        var generator = PatternGenerator.Parse(pattern, "$.pattern");
        var regex = new Regex(pattern, RegexOptions.ECMAScript);
        var random = new SplitMix64(1);
        var buffer = new ValueBuffer();

        for (var i = 0; i < 300; i++)
        {
            buffer.Clear();
            generator.Generate(ref random, buffer, 0, int.MaxValue);
            var text = Encoding.UTF8.GetString(buffer.Written);
            Assert.Matches(regex, text);
        }
    }

    [Fact]
    public void Length_bounds_are_respected_by_stretching_or_shrinking_repeats()
    {
        var generator = PatternGenerator.Parse("^id-[a-z]+[0-9]*$", "$");
        var random = new SplitMix64(2);
        var buffer = new ValueBuffer();

        for (var i = 0; i < 300; i++)
        {
            buffer.Clear();
            generator.Generate(ref random, buffer, 20, 24);
            Assert.InRange(buffer.Length, 20, 24);
            Assert.Matches("^id-[a-z]+[0-9]*$", Encoding.UTF8.GetString(buffer.Written));

            buffer.Clear();
            generator.Generate(ref random, buffer, 0, 5);
            Assert.InRange(buffer.Length, 4, 5);
        }
    }

    [Fact]
    public void Reports_its_length_range()
    {
        var fixedLength = PatternGenerator.Parse("^ORD-[0-9]{10}$", "$");
        var open = PatternGenerator.Parse("a+b?", "$");

        Assert.Equal((14, 14), (fixedLength.MinLength, fixedLength.MaxLength));
        Assert.Equal((1, int.MaxValue), (open.MinLength, open.MaxLength));
    }

    [Theory]
    [InlineData("(ab)")]
    [InlineData("a|b")]
    [InlineData("[^a]")]
    [InlineData(@"\bword")]
    [InlineData("a{3,1}")]
    [InlineData(@"(a)\1")]
    [InlineData("a+?")]
    [InlineData("(?=a)b")]
    [InlineData("[a-")]
    [InlineData("a{2")]
    [InlineData("^a$b")]
    [InlineData(@"\p{L}")]
    public void Unsupported_constructs_are_rejected_with_the_path(string pattern)
    {
        var error = Assert.Throws<ArgumentException>(() => PatternGenerator.Parse(pattern, "$.properties.code.pattern"));

        Assert.Contains("$.properties.code.pattern", error.Message, StringComparison.Ordinal);
        Assert.Contains(pattern, error.Message, StringComparison.Ordinal);
    }
}
