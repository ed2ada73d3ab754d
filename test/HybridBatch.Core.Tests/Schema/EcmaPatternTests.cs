using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// <c>pattern</c> is ECMA-262 with the <c>u</c> flag (issue 13, item 4): the issue's reproductions, each meaning
/// as node's <c>new RegExp(p, "u")</c> gives it, and the load-time refusals with the pattern and offset named.
/// </summary>
public class EcmaPatternTests
{
    [Theory]
    [InlineData("^🐲*$", "🐲🐲", true)]
    [InlineData("^🐲*$", "🐲a", false)]
    [InlineData("^.$", "🐲", true)]
    [InlineData("^..$", "🐲", false)]
    [InlineData("^[🐲]$", "🐲", true)]
    [InlineData("^[^🐲]$", "🐲", false)]
    [InlineData("^[^a]$", "🐲", true)]
    [InlineData("^\\u{1F432}$", "🐲", true)]
    [InlineData("^\\uD83D\\uDC32$", "🐲", true)]
    [InlineData("^[\\u{1F400}-\\u{1F4FF}]+$", "🐲🐀", true)]
    [InlineData("^[\\d]+$", "١٢٣", false)]
    [InlineData("^\\d+$", "١٢٣", false)]
    [InlineData("^[\\d]+$", "123", true)]
    [InlineData("^\\w+$", "é", false)]
    [InlineData("^\\W$", "é", true)]
    [InlineData("^\\s$", "\ufeff", true)]
    [InlineData("^\\s$", "\u0085", false)]
    [InlineData("^.$", "\n", false)]
    [InlineData("^.$", "\u2028", false)]
    [InlineData("^.$", "\u0085", true)]
    [InlineData("\\bé", "aé", true)]
    [InlineData("\\Bé", "aé", false)]
    [InlineData("a\\b", "aé", true)]
    [InlineData("^\\p{Letter}+$", "Σωé𝐀", true)]
    [InlineData("^\\p{L}+$", "Σ1", false)]
    [InlineData("^\\p{Lu}$", "𝐀", true)]
    [InlineData("^\\p{gc=Nd}+$", "١٢", true)]
    [InlineData("^\\p{General_Category=Decimal_Number}$", "a", false)]
    [InlineData("^\\P{L}$", "🐲", true)]
    [InlineData("^[]$", "a", false)]
    [InlineData("^[^]$", "🐲", true)]
    [InlineData("^(a)|\\1b$", "b", true)]
    [InlineData("^(?<x>a)\\k<x>$", "aa", true)]
    [InlineData("^a{2}$", "aa", true)]
    public void Patterns_mean_what_ECMA_262_with_the_u_flag_says(string pattern, string value, bool matches)
    {
        RecordSchema schema = Load(pattern);

        Assert.Equal(matches, schema.ValidateJson(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value))) is null);
    }

    [Theory]
    [InlineData("(?i)abc", 0, "invalid group")]
    [InlineData("a{ 2}", 1, "lone '{'")]
    [InlineData("^a{2 }$", 2, "lone '{'")]
    [InlineData("a}", 1, "lone '}'")]
    [InlineData("a]", 1, "lone ']'")]
    [InlineData("\\e", 0, "invalid escape")]
    [InlineData("\\-", 0, "invalid escape")]
    [InlineData("(a)\\2", 3, "does not exist")]
    [InlineData("\\k<n>", 0, "does not exist")]
    [InlineData("[z-a]", 1, "out of order")]
    [InlineData("[\\d-z]", 1, "cannot be the end of a range")]
    [InlineData("(?=a)*", 5, "cannot be repeated")]
    [InlineData("^*", 1, "cannot be repeated")]
    [InlineData("a**", 2, "nothing to repeat")]
    [InlineData("\\u{110000}", 0, "at most 10FFFF")]
    [InlineData("\\p{Foo}", 0, "unknown Unicode property")]
    [InlineData("\\p{lu}", 0, "unknown Unicode property")]
    [InlineData("\\01", 0, "octal")]
    [InlineData("(a", 0, "unterminated group")]
    [InlineData("a)", 1, "unmatched ')'")]
    [InlineData("[a", 0, "unterminated character class")]
    public void What_ECMA_262_refuses_is_refused_at_load_naming_pattern_and_offset(string pattern, int offset, string reason)
    {
        SchemaLoadException refused = Assert.Throws<SchemaLoadException>(() => Load(pattern));

        Assert.Equal("#/pattern", refused.JsonPath);
        Assert.Contains(JsonSerializer.Serialize(pattern), refused.Message, StringComparison.Ordinal);
        Assert.Contains($"at offset {offset}: ", refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Scripts, script extensions and binary properties come from the generated Unicode tables.</summary>
    [Theory]
    [InlineData("^\\p{Script=Greek}+$", "αβγ", true)]
    [InlineData("^\\p{sc=Grek}+$", "αβγa", false)]
    [InlineData("^\\p{Script=Latin}$", "\u10FB", false)]
    [InlineData("^\\p{scx=Latin}$", "\u10FB", true)]
    [InlineData("^\\p{scx=Latn}$", "\u0363", true)]
    [InlineData("^\\p{sc=Latn}$", "\u0363", false)]
    [InlineData("^\\p{Script_Extensions=Deva}$", "\u0964", true)]
    [InlineData("^\\p{Script=Common}$", "\u0964", true)]
    [InlineData("^\\p{sc=Zinh}$", "\u0301", true)]
    [InlineData("^\\p{Alphabetic}+$", "Zé中", true)]
    [InlineData("^\\P{Alpha}$", "1", true)]
    [InlineData("^\\p{White_Space}$", "\u2029", true)]
    [InlineData("^\\p{Emoji}$", "🐲", true)]
    [InlineData("^\\p{Emoji_Presentation}$", "#", false)]
    [InlineData("^[\\p{ID_Start}_][\\p{ID_Continue}]*$", "_ab1", true)]
    [InlineData("^\\p{AHex}+$", "0aF", true)]
    [InlineData("^\\p{sc=Unknown}$", "\U000E0080", true)]
    [InlineData("^\\p{Script=Adlam}$", "\U0001E900", true)]
    public void Scripts_and_binary_properties_match_as_in_ECMA_262(string pattern, string value, bool matches)
    {
        RecordSchema schema = Load(pattern);
        Assert.Equal(matches, schema.ValidateJson(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value))) is null);
    }

    [Theory]
    [InlineData("\\p{RGI_Emoji}", "v flag")]
    [InlineData("\\P{Basic_Emoji}", "v flag")]
    [InlineData("\\p{Script=greek}", "not a value of Script")]
    [InlineData("\\p{sc=Katakana_Or_Hiragana}", "not a value of sc")]
    [InlineData("\\p{Greek}", "unknown Unicode property")]
    [InlineData("\\p{alphabetic}", "unknown Unicode property")]
    [InlineData("\\p{Block=Basic_Latin}", "unknown Unicode property")]
    public void Unicode_property_names_ECMA_262_refuses_are_refused_at_load(string pattern, string reason)
    {
        SchemaLoadException refused = Assert.Throws<SchemaLoadException>(() => Load("a" + pattern));

        Assert.Contains("at offset 1: ", refused.Message, StringComparison.Ordinal);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The fast matcher and the regex read a pattern through one parser: <c>a{ 2}</c> is refused by both.</summary>
    [Fact]
    public void Fast_matcher_and_regex_share_one_parser()
    {
        Assert.Throws<PatternSyntaxException>(() => SimplePattern.TryParse("^a{ 2}$"));
        Assert.Throws<PatternSyntaxException>(() => EcmaRegex.Create("^a{ 2}$", TimeSpan.FromSeconds(1)));
        SimplePattern fast = SimplePattern.TryParse("^a{2}$")!;
        Regex regex = EcmaRegex.Create("^a{2}$", TimeSpan.FromSeconds(1));
        foreach (string value in new[] { "a", "aa", "aaa", "a{2}", "a{ 2}" })
        {
            Assert.Equal(regex.IsMatch(value), fast.IsMatch(Encoding.UTF8.GetBytes(value)));
        }
    }

    [Theory]
    [InlineData("^\\p{Lu}+$")]
    [InlineData("^🐲*$")]
    [InlineData("^[^a].$")]
    [InlineData("\\d\\s\\w")]
    public void Translated_patterns_without_lookaround_stay_linear_time(string pattern)
    {
        Regex regex = EcmaRegex.Create(pattern, TimeSpan.FromSeconds(1));

        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking), pattern);
    }

    [Theory]
    [InlineData("a\\b")]
    [InlineData("^(a)\\1$")]
    [InlineData("(?<=a)b")]
    [InlineData("^\\p{L}+$")]
    public void Word_boundaries_backreferences_lookaround_and_huge_supplementary_classes_take_the_backtracking_engine_with_its_timeout(string pattern)
    {
        Regex regex = EcmaRegex.Create(pattern, TimeSpan.FromSeconds(1));

        Assert.False(regex.Options.HasFlag(RegexOptions.NonBacktracking), pattern);
        Assert.Equal(TimeSpan.FromSeconds(1), regex.MatchTimeout);
    }

    private static RecordSchema Load(string pattern) =>
        RecordSchema.Load(Encoding.UTF8.GetBytes("{\"pattern\":" + JsonSerializer.Serialize(pattern) + "}"), "test");
}
