using System.Globalization;
using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

public class JsonNumberTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("19.99")]
    [InlineData("-0.001")]
    [InlineData("0.1")]
    [InlineData("123456789012.345")]
    [InlineData("1234567890123456.7")]
    [InlineData("0.30000000000000004")]
    [InlineData("1e3")]
    [InlineData("2.5E-3")]
    [InlineData("999999999999999999")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775808")]
    [InlineData("12345678901234567890123")]
    [InlineData("0.0000000000000000000001")]
    [InlineData("0.00000000000000000000001")]
    public void ParseMatchesTheFramework(string text)
    {
        JsonNumber number = JsonNumber.Parse(Encoding.UTF8.GetBytes(text));
        double expected = double.Parse(text, CultureInfo.InvariantCulture);
        Assert.Equal(expected, number.Double);
        Assert.Equal(long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long int64), number.IsInt64);
        if (number.IsInt64)
        {
            Assert.Equal(int64, number.Int64);
        }
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("-12", true)]
    [InlineData("1.5", true)]
    [InlineData("1.5e-7", true)]
    [InlineData("1E+2", true)]
    [InlineData("01", false)]
    [InlineData("+1", false)]
    [InlineData("1.", false)]
    [InlineData(".5", false)]
    [InlineData("1e", false)]
    [InlineData("-", false)]
    [InlineData("", false)]
    [InlineData(" 1", false)]
    [InlineData("NaN", false)]
    public void GrammarCheck(string text, bool valid)
    {
        Assert.Equal(valid, JsonNumber.IsValidText(Encoding.UTF8.GetBytes(text)));
    }
}
