using System.Text;
using System.Text.RegularExpressions;
using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>Which engine runs a pattern, and that the fast matcher and the regex agree.</summary>
public class PatternEngineTests
{
    [Theory]
    [InlineData("^(a+)+$")]
    [InlineData("^(a|aa)*b$")]
    [InlineData("[0-9]+\\.[0-9]*")]
    [InlineData("^\\w+@\\w+$")]
    public void Patterns_without_backtracking_constructs_run_in_linear_time(string pattern)
    {
        Regex regex = PatternOf(pattern);

        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.Equal(Regex.InfiniteMatchTimeout, regex.MatchTimeout);
    }

    [Theory]
    [InlineData("^(?=a)b")]
    [InlineData("^(?!x).*$")]
    [InlineData("(?<=a)b")]
    [InlineData("^(a)\\1$")]
    public void Lookaround_and_backreferences_use_the_backtracking_engine_with_a_timeout(string pattern)
    {
        Regex regex = PatternOf(pattern);

        Assert.False(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.NotEqual(Regex.InfiniteMatchTimeout, regex.MatchTimeout);
    }

    /// <summary>
    /// Seeded: random inputs over the alphabet the patterns talk about, judged by the fast matcher and by the
    /// regex the compiler would otherwise use; they must agree on every one.
    /// </summary>
    [Theory]
    [InlineData("^ORD-[0-9]{10}$")]
    [InlineData("^[A-Z]{3}-[0-9]{5}$")]
    [InlineData("^a+b$")]
    [InlineData("^[a-c]*-x?y{2,3}$")]
    [InlineData("^\\d{3}\\.\\d+$")]
    [InlineData("^[-_a-z]+:")]
    [InlineData("^v[0-9]{1,}$")]
    [InlineData("^x{0,2}[0-9]?$")]
    public void Fast_matcher_and_regex_agree(string pattern)
    {
        const int seed = 1212;
        SimplePattern fast = SimplePattern.TryParse(pattern) ?? throw new InvalidOperationException($"{pattern} is not a simple pattern");
        // The regex the compiler would build for it if the fast matcher did not exist (it builds none now).
        Regex regex = EcmaRegex.Create(pattern, SchemaCompiler.DefaultPatternTimeout);
        string alphabet = "ORDAZ-0123456789.abcxyv_:\n\u00e9\u0661";
        var random = new Random(seed);
        for (int i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder();
            if (i % 3 == 0)
            {
                // Near misses: a matching-looking prefix with random edits keeps most cases interesting.
                text.Append(pattern.StartsWith("^ORD", StringComparison.Ordinal) ? "ORD-" : "");
            }

            int length = random.Next(0, 16);
            for (int c = 0; c < length; c++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            string value = text.ToString();
            bool expected = regex.IsMatch(value);
            Assert.True(expected == fast.IsMatch(Encoding.UTF8.GetBytes(value)),
                $"seed {seed}, case {i}: pattern {pattern} on {System.Text.Json.JsonSerializer.Serialize(value)}: regex says {expected}");
        }
    }

    /// <summary>Building a regex is a large part of a small run's start; a pattern the byte matcher decides needs none.</summary>
    [Fact]
    public void A_simple_pattern_gets_the_byte_matcher_and_no_regex()
    {
        RecordSchema schema = Compile("{'type':'string','pattern':'^ORD-[0-9]{10}$'}");

        Assert.NotNull(schema.Root.FastPattern);
        Assert.Null(schema.Root.Pattern);
        Assert.Null(Check(schema, J("'ORD-0123456789'")));
        Assert.Equal("does not match pattern ^ORD-[0-9]{10}$", Check(schema, J("'ORD-012345678'")));
    }

    [Fact]
    public void A_pattern_written_twice_in_a_schema_is_compiled_once()
    {
        RecordSchema schema = Compile("{'properties':{'a':{'pattern':'^(a|b)+$'},'b':{'pattern':'^(a|b)+$'},'c':{'pattern':'^(a|b)*$'}},"
            + "'patternProperties':{'^(a|b)+$':true}}");
        PropertyTable table = schema.Root.Properties!;
        Regex a = table.Nodes[table.Find("a")]!.Pattern!;

        Assert.Same(a, table.Nodes[table.Find("b")]!.Pattern);
        Assert.NotSame(a, table.Nodes[table.Find("c")]!.Pattern);
        Assert.Same(a, schema.Root.Compound!.PatternProperties![0].Matcher.Pattern);
        Assert.Null(Check(schema, J("{'a':'ab','b':'ba','c':''}")));
        Assert.NotNull(Check(schema, J("{'b':'abc'}")));
    }

    private static Regex PatternOf(string pattern)
    {
        RecordSchema schema = Compile("{'pattern':" + System.Text.Json.JsonSerializer.Serialize(pattern).Replace('"', '\'') + "}");
        return schema.Root.Pattern!;
    }
}
