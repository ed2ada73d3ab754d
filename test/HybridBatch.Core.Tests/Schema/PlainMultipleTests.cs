using System.Globalization;
using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// <c>multipleOf</c> read straight from plain number text (<see cref="ExactMultiple.TryPlain"/>) against the normalizing
/// path it shortcuts (<see cref="ExactDecimal.Normalize"/>, then <see cref="ExactMultiple.IsMultiple"/>), on seeded
/// numbers and divisors of every shape, with pairs built to be multiples; shapes it must leave alone say null.
/// </summary>
public class PlainMultipleTests
{
    private static readonly string[] _divisors =
    [
        "0.01", "0.5", "3", "7", "0.25", "1e-3", "2.5e2", "500", "0.0000000000000000001", "0.000000000000000001",
        "123456789012345678", "1234567890123456789", "1e18", "1e17", "0.3", "1.5", "12.75", "1E-2", "9e-18",
    ];

    [Theory]
    [InlineData("12.34", "0.01", true)]
    [InlineData("12.345", "0.01", false)]
    [InlineData("-0", "0.01", true)]
    [InlineData("0.000", "7", true)]
    [InlineData("1000", "2.5e2", true)]
    [InlineData("1001", "2.5e2", false)]
    [InlineData("999999999999999999", "9", true)]
    [InlineData("1.5", "0.0000000000000001", true)]
    [InlineData("1.5", "0.000000000000000001", null)]
    public void Edges(string text, string divisor, bool? multiple)
    {
        // null: past 18 digits once scaled, so the general path answers (1.5 is a multiple of 10^-18 there).
        NumericBound bound = NumericBound.FromText(divisor)!;
        Assert.Equal(multiple, ExactMultiple.TryPlain(Encoding.ASCII.GetBytes(text), bound));
        Assert.Equal(multiple ?? true, General(text, bound));
    }

    [Theory]
    [InlineData("1e2")]
    [InlineData("1.5E-1")]
    [InlineData("1234567890123456789")]
    [InlineData("0.0000000000000000001")]
    public void Shapes_it_leaves_to_the_general_path(string text) =>
        Assert.Null(ExactMultiple.TryPlain(Encoding.ASCII.GetBytes(text), NumericBound.FromText("0.01")!));

    [Theory]
    [InlineData(20261206)]
    [InlineData(8)]
    public void Agrees_with_the_normalizing_path_on_random_numbers(int seed)
    {
        Console.WriteLine($"plain multipleOf: seed {seed}");
        var random = new Random(seed);
        int plain = 0;
        int multiples = 0;
        for (int n = 0; n < 200_000; n++)
        {
            string divisorText = _divisors[random.Next(_divisors.Length)];
            NumericBound divisor = NumericBound.FromText(divisorText)!;
            string text = random.Next(3) == 0 ? MultipleOf(random, divisorText) : Number(random);
            bool? fast = ExactMultiple.TryPlain(Encoding.ASCII.GetBytes(text), divisor);
            if (fast is null)
            {
                continue;
            }

            plain++;
            bool expected = General(text, divisor);
            multiples += expected ? 1 : 0;
            Assert.True(expected == fast, $"seed {seed}: {text} multipleOf {divisorText}: general {expected}, plain {fast}");
        }

        Console.WriteLine($"seed {seed}: {plain} pairs took the plain path, {multiples} multiples");
        Assert.InRange(plain, 50_000, 200_000);
        Assert.InRange(multiples, plain / 10, plain - (plain / 10));
    }

    [Theory]
    [InlineData("12.34", "0.01", true)]
    [InlineData("12.345", "0.01", false)]
    [InlineData("12.3400000", "0.01", true)]
    [InlineData("-12.3401", "0.01", false)]
    [InlineData("-0", "0.01", true)]
    [InlineData("7", "1", true)]
    [InlineData("7.0", "1", true)]
    [InlineData("7.5", "1", false)]
    [InlineData("123456789012345678901234567890.12", "1e-2", true)]
    [InlineData("0.00000000000000000000001", "0.0000000000000000000001", false)]
    [InlineData("1.5", "0.000000000000000001", true)]
    public void Power_of_ten_edges(string text, string divisor, bool multiple)
    {
        NumericBound bound = NumericBound.FromText(divisor)!;
        int k = ExactMultiple.PowerOfTenFractionDigits(bound);
        Assert.True(k >= 0, $"{divisor} is a power of ten at most 1");
        Assert.Equal(multiple, ExactMultiple.TryPowerOfTen(Encoding.ASCII.GetBytes(text), k));
        Assert.Equal(multiple, General(text, bound));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("1e1")]
    [InlineData("0.02")]
    [InlineData("0.25")]
    [InlineData("3")]
    public void Divisors_that_are_not_a_power_of_ten_at_most_one_take_the_arithmetic(string divisor) =>
        Assert.Equal(-1, ExactMultiple.PowerOfTenFractionDigits(NumericBound.FromText(divisor)!));

    [Theory]
    [InlineData("1e2")]
    [InlineData("1.5E-1")]
    [InlineData("12.5e+3")]
    [InlineData("-1e-3")]
    public void Exponents_are_left_to_the_other_paths(string text) =>
        Assert.Null(ExactMultiple.TryPowerOfTen(Encoding.ASCII.GetBytes(text), 2));

    [Theory]
    [InlineData(20261206)]
    [InlineData(11)]
    public void Fraction_digits_agree_with_the_normalizing_path_on_random_numbers(int seed)
    {
        Console.WriteLine($"power-of-ten multipleOf: seed {seed}");
        var random = new Random(seed);
        string[] divisors = ["1", "1.0", "0.1", "0.01", "0.010", "1e-2", "10e-3", "0.001", "1E-5", "0.00000001", "1e-18", "1e-19", "1e-25"];
        int decided = 0;
        int multiples = 0;
        for (int n = 0; n < 200_000; n++)
        {
            string divisorText = divisors[random.Next(divisors.Length)];
            NumericBound divisor = NumericBound.FromText(divisorText)!;
            int k = ExactMultiple.PowerOfTenFractionDigits(divisor);
            Assert.True(k >= 0, $"seed {seed}: {divisorText} is a power of ten at most 1");
            string text = random.Next(4) switch
            {
                0 => MultipleOf(random, divisorText.Contains("e-19") || divisorText.Contains("e-25") ? "0.01" : divisorText),
                1 => Number(random) + new string('0', random.Next(4)),
                2 => LongNumber(random),
                _ => Number(random),
            };
            bool? fast = ExactMultiple.TryPowerOfTen(Encoding.ASCII.GetBytes(text), k);
            bool exponent = text.Contains('e');
            Assert.True(exponent == (fast is null), $"seed {seed}: {text}: decided {fast is not null}, exponent {exponent}");
            if (fast is null)
            {
                continue;
            }

            decided++;
            bool expected = General(text, divisor);
            multiples += expected ? 1 : 0;
            Assert.True(expected == fast, $"seed {seed}: {text} multipleOf {divisorText}: general {expected}, by digits {fast}");
        }

        Console.WriteLine($"seed {seed}: {decided} pairs decided by fraction digits, {multiples} multiples");
        Assert.InRange(decided, 150_000, 200_000);
        Assert.InRange(multiples, decided / 10, decided - (decided / 10));
    }

    /// <summary>Plain numbers past 18 digits (the arithmetic paths' limit), with fractions of up to 30 digits.</summary>
    private static string LongNumber(Random random)
    {
        string integer = random.Next(2) == 0 ? "0" : Digits(random, random.Next(1, 30), leadingZero: false);
        return (random.Next(4) == 0 ? "-" : "") + integer + (random.Next(5) == 0 ? "" : "." + Digits(random, random.Next(1, 31), leadingZero: true));
    }

    private static bool General(string text, NumericBound divisor)
    {
        byte[] utf8 = Encoding.ASCII.GetBytes(text);
        byte[] digits = new byte[utf8.Length];
        int count = ExactDecimal.Normalize(utf8, digits, out _, out long exponent);
        return count == 0 || ExactMultiple.IsMultiple(digits[..count], exponent - count, divisor.Digits, divisor.Exponent - divisor.Digits.Length);
    }

    /// <summary>A JSON number: a sign now and then, leading zeros in fractions, 1 to 20 digits, sometimes an exponent.</summary>
    private static string Number(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(4) == 0)
        {
            text.Append('-');
        }

        text.Append(random.Next(3) == 0 ? "0" : Digits(random, random.Next(1, 12), leadingZero: false));
        if (random.Next(3) != 0)
        {
            text.Append('.').Append(Digits(random, random.Next(1, 10), leadingZero: true));
        }

        if (random.Next(10) == 0)
        {
            text.Append('e').Append(random.Next(-5, 5));
        }

        return text.ToString();
    }

    /// <summary>The divisor times a small integer, written as plain decimal text (trailing zeros now and then).</summary>
    private static string MultipleOf(Random random, string divisorText)
    {
        decimal divisor = decimal.Parse(divisorText, NumberStyles.Float, CultureInfo.InvariantCulture);
        decimal product = divisor * random.Next(0, 100_000);
        string text = product.ToString(CultureInfo.InvariantCulture);
        return random.Next(4) == 0 && text.Contains('.') ? text + "00" : text;
    }

    private static string Digits(Random random, int count, bool leadingZero)
    {
        var digits = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            digits.Append((char)('0' + (i == 0 && !leadingZero ? random.Next(1, 10) : random.Next(10))));
        }

        return digits.ToString();
    }
}
