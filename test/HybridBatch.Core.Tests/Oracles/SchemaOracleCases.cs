using System.Text;
using System.Text.Json;
using HybridBatch.Core.Schema;
using Json.Schema;

namespace HybridBatch.Core.Tests.Oracles;

/// <summary>
/// Where the validator and JsonSchema.Net 8.0.5 differ on purpose. The random oracle leaves these values out;
/// each is checked here on both sides, so a change in either shows up as a failing test rather than silently.
/// </summary>
public class SchemaOracleCases
{
    /// <summary>
    /// RFC 3339's ABNF requires <c>T</c> (a space is only "permitted by mutual agreement" in a note); format
    /// assertion here fails closed. JsonSchema.Net accepts the space.
    /// </summary>
    [Fact]
    public void Date_time_with_a_space_for_the_T_is_refused_here_and_accepted_by_JsonSchema_Net()
    {
        AssertDiffer("""{"format":"date-time"}""", "\"2024-01-01 00:00:00Z\"", oursValid: false);
    }

    /// <summary>
    /// RFC 5321's Domain is one or more labels, and the JSON-Schema-Test-Suite (draft 2020-12, optional/format/email)
    /// expects <c>test@io</c> to be valid; JsonSchema.Net wants a dot in the domain.
    /// </summary>
    [Fact]
    public void Email_with_a_single_label_domain_is_accepted_here_and_refused_by_JsonSchema_Net()
    {
        AssertDiffer("""{"format":"email"}""", "\"a@example\"", oursValid: true);
    }

    /// <summary>
    /// A fraction with more than 15 significant digits is not an integer; JsonSchema.Net rounds it (through a
    /// double) and calls the result one. Here the type is decided on the exact text.
    /// </summary>
    [Theory]
    [InlineData("0.9999999999999999999")]
    [InlineData("9223372036854775806.5")]
    [InlineData("-9223372036854775808.5")]
    public void Long_fractions_are_not_integers_here_and_are_for_JsonSchema_Net(string number)
    {
        AssertDiffer("""{"type":"integer"}""", number, oursValid: false);
    }

    /// <summary>
    /// JSON Schema calls two values equal when numbers have the same mathematical value at any depth, and
    /// <c>uniqueItems</c> uses that equality (so does the JSON-Schema-Test-Suite). JsonSchema.Net compares numbers
    /// nested in objects and arrays by their text there, so <c>[[1],[1.0]]</c> is unique to it.
    /// </summary>
    [Theory]
    [InlineData("[[1],[1.0]]")]
    [InlineData("[{\"a\":0},{\"a\":0.0}]")]
    public void Nested_equal_numbers_spelt_differently_are_duplicates_here_and_not_for_JsonSchema_Net(string instance)
    {
        AssertDiffer("""{"uniqueItems":true}""", instance, oursValid: false);
    }

    private static void AssertDiffer(string schema, string instance, bool oursValid)
    {
        bool ours = RecordSchema.Load(Encoding.UTF8.GetBytes(schema), "case").ValidateJson(Encoding.UTF8.GetBytes(instance)) is null;
        using JsonDocument document = JsonDocument.Parse(instance);
        bool theirs = JsonSchema.FromText(schema).Evaluate(document.RootElement, SchemaOracleTests.OracleOptions).IsValid;

        Assert.Equal(oursValid, ours);
        Assert.Equal(!oursValid, theirs);
    }
}
