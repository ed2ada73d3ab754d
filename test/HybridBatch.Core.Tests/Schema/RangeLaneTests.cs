using System.Runtime.Intrinsics;
using System.Text;
using System.Text.RegularExpressions;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// Seeded: fixed-layout patterns of single ranges, 8 to 32 bytes long, are checked as vectors of lanes (the value's first
/// and last 8 or 16 bytes, overlapping); on values near a match they must agree with the atom-by-atom matcher and the
/// regex, at every length around the lanes' limits.
/// </summary>
public class RangeLaneTests
{
    private const string Ordered = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Literals = "0123456789ABCDEFXYZabcxyz-_@:";

    [Theory]
    [InlineData(20261206)]
    [InlineData(7)]
    public void Range_lanes_agree_with_the_atom_matcher_and_regex(int seed)
    {
        Console.WriteLine($"range lanes: seed {seed}");
        var random = new Random(seed);
        int laneCases = 0;
        int matches = 0;
        for (int p = 0; p < 400; p++)
        {
            (string pattern, List<(char First, char Last)> positions) = RandomPattern(random, random.Next(1, 41));
            SimplePattern fast = SimplePattern.TryParse(pattern) ?? throw new InvalidOperationException($"{pattern} is not a simple pattern");
            Assert.True(fast.HasFixedLayout, $"seed {seed}: {pattern} should take the fixed layout");
            bool lanes = positions.Count is >= 8 and <= 32 && Vector128.IsHardwareAccelerated;
            Assert.Equal(lanes, fast.HasRangeLanes);
            Regex regex = EcmaRegex.Create(pattern, SchemaCompiler.DefaultPatternTimeout);
            for (int v = 0; v < 100; v++)
            {
                string value = NearMatch(random, positions);
                byte[] utf8 = Encoding.UTF8.GetBytes(value);
                bool expected = regex.IsMatch(value);
                matches += expected ? 1 : 0;
                laneCases += lanes ? 1 : 0;
                Assert.True(expected == fast.IsMatch(utf8) && expected == fast.IsMatchByAtoms(utf8),
                    $"seed {seed}, pattern {p} {pattern} on {System.Text.Json.JsonSerializer.Serialize(value)}: regex says {expected}");
            }
        }

        Assert.True(laneCases > 10_000, $"seed {seed}: only {laneCases} values took the lanes");
        Assert.True(matches > 5_000, $"seed {seed}: only {matches} values matched");
    }

    /// <summary>A pattern of <paramref name="length"/> positions: literals and single ranges, some repeated with {n}.</summary>
    private static (string Pattern, List<(char First, char Last)> Positions) RandomPattern(Random random, int length)
    {
        var pattern = new StringBuilder("^");
        var positions = new List<(char, char)>();
        while (positions.Count < length)
        {
            int count = Math.Min(length - positions.Count, random.Next(3) == 0 ? random.Next(2, 12) : 1);
            (char first, char last) range;
            if (random.Next(3) == 0)
            {
                char literal = Literals[random.Next(Literals.Length)];
                range = (literal, literal);
                pattern.Append(literal);
            }
            else
            {
                int a = random.Next(Ordered.Length);
                int b = Math.Min(Ordered.Length - 1, a + random.Next(0, 12));
                range = (Ordered[a], Ordered[b]);
                // One Ordered run may cross '9'-'A' or 'Z'-'a': the class is then the whole ASCII range between them.
                pattern.Append('[').Append(range.first).Append('-').Append(range.last).Append(']');
            }

            if (count > 1)
            {
                pattern.Append('{').Append(count).Append('}');
            }

            positions.AddRange(Enumerable.Repeat(range, count));
        }

        return (pattern.Append('$').ToString(), positions);
    }

    /// <summary>A value drawn position by position from the layout, then 0-3 edits: bytes just outside a range, non-ASCII, a byte more or less.</summary>
    private static string NearMatch(Random random, List<(char First, char Last)> positions)
    {
        var text = new StringBuilder();
        foreach ((char first, char last) in positions)
        {
            text.Append((char)random.Next(first, last + 1));
        }

        int edits = random.Next(0, 4);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(text.Length + 1);
            char other = random.Next(4) switch
            {
                0 when at < positions.Count => (char)(positions[at].First - 1),
                1 when at < positions.Count => (char)(positions[at].Last + 1),
                2 => "\u00e9\u0661\u007f\n "[random.Next(5)],
                _ => Literals[random.Next(Literals.Length)],
            };
            switch (random.Next(3))
            {
                case 0 when at < text.Length:
                    text[at] = other;
                    break;
                case 1 when at < text.Length:
                    text.Remove(at, 1);
                    break;
                default:
                    text.Insert(at, other);
                    break;
            }
        }

        return text.ToString();
    }
}
