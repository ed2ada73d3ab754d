using System.Text;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Tests.Records;

public class CsvRowParserTests
{
    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData("\"a,b\",c", new[] { "a,b", "c" })]
    [InlineData("\"line1\nline2\",x", new[] { "line1\nline2", "x" })]
    [InlineData("\"say \"\"hi\"\"\"", new[] { "say \"hi\"" })]
    [InlineData("\"\"\"\"", new[] { "\"" })]
    [InlineData(",,", new[] { "", "", "" })]
    [InlineData("a,", new[] { "a", "" })]
    [InlineData("\"\",x", new[] { "", "x" })]
    [InlineData("", new[] { "" })]
    [InlineData(" a , b ", new[] { " a ", " b " })]
    [InlineData("caf\u00e9,\u00fc", new[] { "caf\u00e9", "\u00fc" })]
    public void Splits_fields(string record, string[] expected)
    {
        Assert.Equal(expected, Parse(record, ','));
    }

    [Fact]
    public void Quoted_and_unquoted_empty_fields_are_told_apart()
    {
        var parser = new CsvRowParser((byte)',', CsvQuotes.Lenient);
        Assert.Null(parser.TryParse("\"\","u8, out CsvRow row));

        Assert.True(row.IsQuoted(0));
        Assert.False(row.IsQuoted(1));
        Assert.Equal(0, row[0].Length);
    }

    [Theory]
    [InlineData('\t', "a\tb", new[] { "a", "b" })]
    [InlineData(';', "\"x;y\";z", new[] { "x;y", "z" })]
    [InlineData('|', "1|2|3", new[] { "1", "2", "3" })]
    public void Uses_the_configured_delimiter(char delimiter, string record, string[] expected)
    {
        Assert.Equal(expected, Parse(record, delimiter));
    }

    [Theory]
    [InlineData("a,b\"c", new[] { "a", "b\"c" })]
    [InlineData("1,5'10\",3", new[] { "1", "5'10\"", "3" })]
    [InlineData("x\"\"y,z", new[] { "x\"\"y", "z" })]
    [InlineData("a \"b\",c", new[] { "a \"b\"", "c" })]
    [InlineData("\"ab\"c,d", new[] { "abc", "d" })]
    [InlineData("\"ab\"c\"d\",e", new[] { "abc\"d\"", "e" })]
    [InlineData("\"\"x,y", new[] { "x", "y" })]
    public void Lenient_takes_stray_quotes_and_text_after_a_closing_quote_literally_as_python_does(string record, string[] expected)
    {
        Assert.Equal(expected, Parse(record, ','));
    }

    [Theory]
    [InlineData("a,b\"c", "field 2: quote inside an unquoted field")]
    [InlineData("1,5'10\",3", "field 2: quote inside an unquoted field")]
    [InlineData("\"ab\"c,d", "field 1: text after the closing quote")]
    [InlineData("x,y,\"z\" ", "field 3: text after the closing quote")]
    public void Strict_rejects_what_lenient_takes_literally_naming_the_field(string record, string expectedStart)
    {
        string? error = new CsvRowParser((byte)',', CsvQuotes.Strict).TryParse(Encoding.UTF8.GetBytes(record), out _);

        Assert.NotNull(error);
        Assert.StartsWith(expectedStart, error);
        Assert.Contains("--csv-quotes strict", error);
    }

    [Theory]
    [InlineData("\"a,b\",c")]
    [InlineData("\"say \"\"hi\"\"\",x")]
    [InlineData("\"\",,")]
    public void Strict_accepts_well_formed_quoting(string record)
    {
        Assert.Null(new CsvRowParser((byte)',', CsvQuotes.Strict).TryParse(Encoding.UTF8.GetBytes(record), out _));
    }

    [Fact]
    public void A_quoted_field_that_never_closes_is_refused_in_both_modes()
    {
        foreach (CsvQuotes quotes in new[] { CsvQuotes.Lenient, CsvQuotes.Strict })
        {
            string? error = new CsvRowParser((byte)',', quotes).TryParse("x,\"open"u8, out _);

            Assert.StartsWith("field 2: quoted field is not closed", error);
        }
    }

    [Fact]
    public void Many_fields_grow_the_buffers()
    {
        string record = string.Join(",", Enumerable.Range(0, 500));

        Assert.Equal(Enumerable.Range(0, 500).Select(i => i.ToString()), Parse(record, ','));
    }

    private static string[] Parse(string record, char delimiter)
    {
        var parser = new CsvRowParser((byte)delimiter, CsvQuotes.Lenient);
        string? error = parser.TryParse(Encoding.UTF8.GetBytes(record), out CsvRow row);
        Assert.Null(error);
        var fields = new string[row.Count];
        for (int i = 0; i < row.Count; i++)
        {
            fields[i] = Encoding.UTF8.GetString(row[i]);
        }

        return fields;
    }
}
