using System.Text;
using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>Numeric keywords compare the literal text exactly: no rounding, no overflow, exponents included.</summary>
public class ExactNumberTests
{
    [Theory]
    [InlineData("{'maximum':12345678901234567890}", "12345678901234567890", true)]
    [InlineData("{'maximum':12345678901234567890}", "12345678901234567890.0000000000001", false)]
    [InlineData("{'maximum':12345678901234567890}", "1.2345678901234567890e19", true)]
    [InlineData("{'maximum':12345678901234567890}", "1.2345678901234567891e19", false)]
    [InlineData("{'minimum':0.1}", "0.1", true)]
    [InlineData("{'minimum':0.1}", "1e-1", true)]
    [InlineData("{'minimum':0.1}", "0.09999999999999999999", false)]
    [InlineData("{'exclusiveMinimum':0.1}", "0.1000000000000000000000000001", true)]
    [InlineData("{'exclusiveMinimum':0.1}", "0.10", false)]
    [InlineData("{'maximum':1e400}", "1e400", true)]
    [InlineData("{'maximum':1e400}", "1.0000000001e400", false)]
    [InlineData("{'exclusiveMaximum':1e400}", "9.999e399", true)]
    [InlineData("{'minimum':1E-400}", "0", false)]
    [InlineData("{'minimum':1E-400}", "2E-400", true)]
    [InlineData("{'exclusiveMinimum':0}", "1E-400", true)]
    [InlineData("{'exclusiveMinimum':0}", "-0", false)]
    [InlineData("{'maximum':0}", "-0.0", true)]
    [InlineData("{'minimum':-0}", "0", true)]
    [InlineData("{'minimum':-9223372036854775809}", "-9223372036854775808", true)]
    [InlineData("{'maximum':-9223372036854775809}", "-9223372036854775808", false)]
    [InlineData("{'maximum':9007199254740993}", "9007199254740992.5", true)]
    [InlineData("{'maximum':9007199254740992}", "9007199254740993", false)]
    [InlineData("{'minimum':0.30000000000000004}", "0.3", false)]
    [InlineData("{'maximum':19.99}", "19.990000000000001", false)]
    [InlineData("{'maximum':19.99}", "19.99", true)]
    [InlineData("{'exclusiveMaximum':100000}", "99999.99", true)]
    public void Bounds_compare_exactly(string schema, string value, bool valid)
    {
        Assert.Equal(valid, Check(schema, value) is null);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("1.0", true)]
    [InlineData("1e2", true)]
    [InlineData("1E+2", true)]
    [InlineData("1.5e1", true)]
    [InlineData("1.55e1", false)]
    [InlineData("1e400", true)]
    [InlineData("1E-400", false)]
    [InlineData("-0", true)]
    [InlineData("-0.0", true)]
    [InlineData("123456789012345678901234567890", true)]
    [InlineData("123456789012345678901234567890.5", false)]
    [InlineData("1.0000000000000000001", false)]
    [InlineData("0.5", false)]
    [InlineData("9E223372036854775807", true)] // exponent beyond the comparable range: its sign decides
    [InlineData("9.5e1000000000000000001", true)]
    [InlineData("9E-223372036854775807", false)]
    [InlineData("0.0e-99999999999999999999", true)]
    public void Integer_type_is_decided_on_the_exact_value(string value, bool integral)
    {
        Assert.Equal(integral, Check("{'type':'integer'}", value) is null);
    }

    [Fact]
    public void Exponents_beyond_the_comparable_range_fail_closed()
    {
        Assert.Equal("number out of range: 1e9999999999999999999", Check("{'minimum':0}", "1e9999999999999999999"));
        Assert.Null(Check("{'type':'number'}", "1e9999999999999999999"));
        Assert.Contains("out of range", LoadFails("{'minimum':1e9999999999999999999}").Message);
    }

    [Fact]
    public void Csv_values_compare_exactly_too()
    {
        var binder = Compile("{'type':'object','properties':{'n':{'type':'integer','maximum':12345678901234567890}}}").BindCsvHeader(["n"]);

        Assert.Null(binder.Validate(Row("12345678901234567890")));
        Assert.Null(binder.Validate(Row("1.2e1")));
        Assert.Equal("n: must be <= 12345678901234567890, got 12345678901234567891", binder.Validate(Row("12345678901234567891"))?.ToString());
        Assert.Equal("n: expected integer, got '1E-400'", binder.Validate(Row("1E-400"))?.ToString());
    }

    [Theory]
    [InlineData("0", "0", 0)]
    [InlineData("-0.0", "0e10", 0)]
    [InlineData("1", "1.0", 0)]
    [InlineData("10", "1e1", 0)]
    [InlineData("0.001", "1e-3", 0)]
    [InlineData("2", "10", -1)]
    [InlineData("-2", "-10", 1)]
    [InlineData("-1", "0", -1)]
    [InlineData("0.12", "0.121", -1)]
    [InlineData("99999999999999999999", "1e20", -1)]
    public void Exact_decimal_orders_numbers(string a, string b, int expected)
    {
        NumericBound bound = NumericBound.FromText(b)!;
        Assert.True(ExactDecimal.TryCompare(Encoding.UTF8.GetBytes(a), bound, out int order));
        Assert.Equal(expected, Math.Sign(order));
    }
}
