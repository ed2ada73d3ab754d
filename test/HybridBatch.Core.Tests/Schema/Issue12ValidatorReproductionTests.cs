using System.Text;
using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// One test per reproduction in issue 12's "the validator accepts what the schema forbids" and "a backtracking
/// pattern is a denial of service" bullets, named after what broke.
/// </summary>
public class Issue12ValidatorReproductionTests
{
    [Fact]
    public void Enum_of_a_string_and_a_number_rejects_an_empty_object()
    {
        Assert.Equal("not one of the allowed values", Check("{'enum':['a',1]}", "{}"));
    }

    [Fact]
    public void Enum_of_a_string_and_a_number_rejects_an_array_holding_the_number()
    {
        Assert.Equal("not one of the allowed values", Check("{'enum':['a',1]}", "[1]"));
    }

    [Fact]
    public void Const_string_rejects_an_array_holding_the_string()
    {
        Assert.Equal("must be \"x\"", Check("{'const':'x'}", "['x']"));
    }

    [Fact]
    public void Required_name_absent_from_properties_is_refused_by_additionalProperties_false()
    {
        Assert.Equal("unexpected property 'a'", Check("{'required':['a'],'additionalProperties':false}", "{'a':1}"));
    }

    [Theory]
    [InlineData(".test@example.com")]
    [InlineData("te..st@example.com")]
    [InlineData("tést@example.com")]
    [InlineData("a(b)@example.com")]
    public void Email_rejects_what_RFC_5321_forbids(string address)
    {
        Assert.Equal("not a valid email", Check("{'format':'email'}", $"'{address}'"));
    }

    [Fact]
    public void Maximum_of_a_twenty_digit_integer_rejects_the_next_integer()
    {
        Assert.Equal(
            "must be <= 12345678901234567890, got 12345678901234567891",
            Check("{'maximum':12345678901234567890}", "12345678901234567891"));
        Assert.Null(Check("{'maximum':12345678901234567890}", "12345678901234567890"));
    }

    [Fact]
    public void Minimum_of_one_tenth_rejects_a_value_just_below_it()
    {
        Assert.Equal(
            "must be >= 0.1, got 0.09999999999999999999",
            Check("{'minimum':0.1}", "0.09999999999999999999"));
        Assert.Null(Check("{'minimum':0.1}", "0.1000000000000000000000001"));
    }

    [Fact]
    public void Nested_plus_pattern_on_fifty_thousand_characters_and_a_bang_finishes_without_backtracking()
    {
        RecordSchema schema = Compile("{'type':'string','pattern':'^(a+)+$'}");
        SchemaNode root = schema.Root;
        Assert.Null(root.FastPattern);
        Assert.True(root.Pattern!.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));

        // A backtracking engine needs 2^50000 steps here; the linear engine needs one pass. No time is asserted:
        // the test simply finishes (and the timeout path is not involved, since the engine has no timeout).
        string evil = "\"" + new string('a', 50_000) + "!\"";
        ValidationError? error = schema.ValidateJson(Encoding.UTF8.GetBytes(evil));

        Assert.NotNull(error);
        Assert.False(error.PatternTimedOut);
        Assert.Equal("does not match pattern ^(a+)+$", error.Reason);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_named_as_the_limit_not_as_invalid_JSON()
    {
        string deep = new string('[', 65) + new string(']', 65);

        Assert.Equal("nesting deeper than 64 (--max-depth) at byte 64", Check("{}", deep));
        Assert.Null(Check("{}", new string('[', 64) + new string(']', 64)));
    }
}
