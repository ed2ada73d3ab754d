using System.Text;
using HybridBatch.Generation;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Generation;

/// <summary>
/// The pattern generator walks the validator's ECMA-262 parse, so what it makes is judged by the validator's own
/// matcher (<see cref="EcmaRegex"/>): every construct the grammar has, not a subset.
/// </summary>
public sealed class PatternGeneratorTests
{
    [Theory]
    [InlineData("^ORD-[0-9]{10}$")]
    [InlineData("^[A-Z]{3}-[0-9]{5}$")]
    [InlineData(@"^\d{2,4}\w?$")]
    [InlineData(@"^a\.b*c$")]
    [InlineData("x[a-c]{1,3}")]
    [InlineData(@"^\s?[._-]+\$$")]
    [InlineData("^.{3}$")]
    [InlineData("^(ab|cd)+[^x-z]$")]
    [InlineData(@"^(?:-[A-F0-9]{4}){1,2}$")]
    [InlineData(@"^(a|b)c\1$")]
    [InlineData(@"^(?<tag>[a-z]{2})-\k<tag>$")]
    [InlineData(@"^\p{Letter}+$")]
    [InlineData(@"^[\u{3B1}-\u{3C9}]{2,4}$")]
    [InlineData(@"^\u{1F432}+$")]
    [InlineData(@"^[^\d\s]{3}$")]
    [InlineData("a+?b")]
    public void Generated_strings_match_the_pattern_as_the_validator_reads_it(string pattern)
    {
        var generator = PatternGenerator.Parse(pattern);
        var regex = EcmaRegex.Create(pattern, TimeSpan.FromSeconds(1));
        var random = new SplitMix64(1);
        var buffer = new ValueBuffer();

        Assert.True(generator.Exact);
        for (var i = 0; i < 300; i++)
        {
            buffer.Clear();
            generator.Generate(ref random, buffer, 0, attempt: i);
            var text = Encoding.UTF8.GetString(buffer.Written);
            Assert.True(regex.IsMatch(text), $"'{text}' does not match {pattern} (seed 1, draw {i})");
        }
    }

    [Fact]
    public void Retries_reach_a_long_minimum_length()
    {
        var generator = PatternGenerator.Parse("^id-[a-z]+[0-9]*$");
        var random = new SplitMix64(2);
        var buffer = new ValueBuffer();

        // Attempt 2 aims every unbounded repeat at the minimum length.
        buffer.Clear();
        generator.Generate(ref random, buffer, 30, attempt: 2);
        Assert.True(buffer.Length >= 30, $"seed 2: {Encoding.UTF8.GetString(buffer.Written)}");

        // Attempt 1 takes the fewest repeats.
        buffer.Clear();
        generator.Generate(ref random, buffer, 0, attempt: 1);
        Assert.Equal("id-", Encoding.UTF8.GetString(buffer.Written)[..3]);
        Assert.Equal(4, buffer.Length);
    }

    [Theory]
    [InlineData(@"\bword")]
    [InlineData("(?=a)a")]
    [InlineData("(?<!x)y")]
    public void Lookarounds_and_word_boundaries_are_not_exact(string pattern)
    {
        Assert.False(PatternGenerator.Parse(pattern).Exact);
    }
}
