using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// Seeded: <see cref="JsonNumber.ScanShort"/> (scan and parse in one pass, the object walk's fast lane) against
/// <see cref="JsonSyntax.ScanNumber"/> then <see cref="JsonNumber.Parse"/> on random number-like text: where it takes a
/// number it must stop where the scan stops and give the parse's value field for field, and it must take exactly the
/// short forms followed by ',' or '}'.
/// </summary>
public class ShortNumberScanTests
{
    [Theory]
    [InlineData(20261206)]
    [InlineData(11)]
    public void Short_scan_agrees_with_scan_then_parse(int seed)
    {
        Console.WriteLine($"short number scan: seed {seed}");
        var random = new Random(seed);
        int taken = 0;
        for (int c = 0; c < 200_000; c++)
        {
            string prefix = random.Next(2) == 0 ? "" : "\"a\":";
            string text = NumberLike(random);
            string after = random.Next(8) switch
            {
                0 => "",
                1 => " ,",
                2 => "]",
                3 => "x",
                4 => "}",
                5 => "/",
                _ => ",\"b\":1}",
            };
            byte[] data = Encoding.UTF8.GetBytes(prefix + text + after);
            int pos = prefix.Length;
            string where = $"seed {seed}, case {c}: {System.Text.Json.JsonSerializer.Serialize(prefix + text + after)}";

            int end = JsonNumber.ScanShort(data, pos, out JsonNumber number);
            bool took = end >= 0;
            int scanned = pos;
            JsonSyntaxError syntax = pos < data.Length ? JsonSyntax.ScanNumber(data, ref scanned) : JsonSyntaxError.UnexpectedEnd;
            bool shouldTake = syntax == JsonSyntaxError.None && scanned < data.Length && data[scanned] is (byte)',' or (byte)'}'
                && IsShortForm(Encoding.UTF8.GetString(data, pos, scanned - pos));
            Assert.True(took == shouldTake, $"{where}: took {took}, expected {shouldTake}");
            if (!took)
            {
                continue;
            }

            taken++;
            Assert.True(end == scanned, $"{where}: ends at {end}, the scan at {scanned}");
            JsonNumber parsed = JsonNumber.Parse(data.AsSpan(pos, end - pos));
            Assert.True(parsed.Equals(number), $"{where}: {Describe(number)} against the parse's {Describe(parsed)}");
        }

        Assert.True(taken > 40_000, $"seed {seed}: only {taken} numbers took the short scan");
    }

    /// <summary>What the short scan is meant to take: no exponent, at most 18 digits without a fraction, 15 with one (fewer than 23 decimals).</summary>
    private static bool IsShortForm(string text)
    {
        if (text.Contains('e') || text.Contains('E'))
        {
            return false;
        }

        int digits = text.Count(char.IsAsciiDigit);
        int dot = text.IndexOf('.');
        return dot < 0 ? digits <= 18 : digits <= NumericBound.ShortDigits && text.Length - dot - 1 < 23;
    }

    /// <summary>Mostly well-formed JSON numbers of every length around the limits, sometimes broken (a leading zero, a bare dot, a sign alone).</summary>
    private static string NumberLike(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(4) == 0)
        {
            text.Append('-');
        }

        int whole = random.Next(8) == 0 ? random.Next(0, 22) : random.Next(1, 8);
        for (int i = 0; i < whole; i++)
        {
            text.Append(i == 0 && random.Next(3) != 0 ? (char)('1' + random.Next(9)) : (char)('0' + random.Next(10)));
        }

        if (random.Next(2) == 0)
        {
            text.Append('.');
            int fraction = random.Next(6) == 0 ? random.Next(0, 26) : random.Next(1, 4);
            for (int i = 0; i < fraction; i++)
            {
                text.Append((char)('0' + random.Next(10)));
            }
        }

        if (random.Next(10) == 0)
        {
            text.Append(random.Next(2) == 0 ? 'e' : 'E').Append(random.Next(3) switch { 0 => "+", 1 => "-", _ => "" }).Append(random.Next(0, 40));
        }

        return text.ToString();
    }

    private static string Describe(JsonNumber number) =>
        $"(int64 {number.IsInt64} {number.Int64}, double {number.Double:R}, integral {number.IsIntegral}, in range {number.InRange})";
}
