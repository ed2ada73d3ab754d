using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// <c>multipleOf</c>'s 128-bit path (<see cref="ExactMultiple.TrySmall"/>) against the arbitrary-precision one on
/// seeded random digits and exponents, including pairs built to be multiples; plus the cases at its edges.
/// </summary>
public class ExactMultipleTests
{
    private const int Seed = 12013;

    [Theory]
    [InlineData("1", 0, "1", -1, true)] // 1 against 0.1
    [InlineData("123456", -4, "1", -2, false)] // 12.3456 against 0.01
    [InlineData("123456", -4, "1", -4, true)]
    [InlineData("123457", -4, "5", -4, false)]
    [InlineData("999999999999999999", 0, "17", 0, false)]
    [InlineData("999999999999999999", 0, "9", 0, true)]
    [InlineData("1", 40, "7", 0, false)] // 10^40 is no multiple of 7
    [InlineData("7", 4000000000, "7", 0, true)]
    [InlineData("3", 0, "1", -18, true)]
    [InlineData("3", -19, "1", -18, false)] // 3e-19 against 1e-18
    public void EdgesAgreeWithTheBigPath(string a, long x, string b, long y, bool multiple)
    {
        byte[] value = Encoding.ASCII.GetBytes(a);
        byte[] divisor = Encoding.ASCII.GetBytes(b);
        Assert.Equal(multiple, ExactMultiple.Big(value, x, divisor, y));
        Assert.Equal(multiple, ExactMultiple.TrySmall(value, x, divisor, y));
    }

    [Fact]
    public void SmallPathAgreesWithTheBigPathOnRandomNumbers()
    {
        var random = new Random(Seed);
        int multiples = 0;
        for (int n = 0; n < 100_000; n++)
        {
            string b = Digits(random, random.Next(1, 19));
            long y = random.Next(-25, 25);
            string a;
            long x;
            if (random.Next(2) == 0)
            {
                // a × 10^x = b × 10^y × k: a true multiple, written with its significant digits only.
                System.Numerics.BigInteger product = System.Numerics.BigInteger.Parse(b) * random.Next(1, 1_000_000);
                string text = product.ToString();
                string trimmed = text.TrimEnd('0');
                a = trimmed;
                x = y + (text.Length - trimmed.Length);
            }
            else
            {
                a = Digits(random, random.Next(1, 19));
                x = random.Next(2) == 0 ? random.Next(-40, 40) : random.NextInt64(-4_000_000_000, 4_000_000_000);
            }

            if (a.Length > 18)
            {
                continue;
            }

            byte[] value = Encoding.ASCII.GetBytes(a);
            byte[] divisor = Encoding.ASCII.GetBytes(b);
            bool expected = ExactMultiple.Big(value, x, divisor, y);
            multiples += expected ? 1 : 0;
            Assert.True(ExactMultiple.TrySmall(value, x, divisor, y) == expected, $"seed {Seed}, case {n}: {a}e{x} multipleOf {b}e{y}");
        }

        // The generator must exercise both verdicts, or the comparison proves little.
        Assert.InRange(multiples, 20_000, 80_000);
    }

    [Fact]
    public void LongNumbersTakeTheBigPath()
    {
        byte[] nineteen = Encoding.ASCII.GetBytes("1234567890123456789");
        Assert.Null(ExactMultiple.TrySmall(nineteen, 0, "3"u8, 0));
        Assert.True(ExactMultiple.IsMultiple(nineteen, 0, "3"u8, 0));
    }

    private static string Digits(Random random, int count)
    {
        var text = new StringBuilder();
        text.Append((char)('1' + random.Next(9)));
        for (int i = 1; i < count; i++)
        {
            text.Append((char)('0' + random.Next(10)));
        }

        // Significant digits never end in zero: the normal form moves those into the exponent.
        return text.ToString().TrimEnd('0') is { Length: > 0 } trimmed ? trimmed : "1";
    }
}
