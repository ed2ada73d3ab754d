using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// The leaf checks' fast paths against the general paths they shortcut, on seeded values built near the shapes the
/// shortcuts take (a byte changed, a length off by one, bytes outside ASCII): the <c>enum</c> word table against
/// <see cref="ConstValue.MatchesString"/> member by member, the vector <c>uuid</c> check against the byte loop, and
/// the fixed-layout <c>date-time</c> shortcut against the full RFC 3339 check. Each test also counts the cases the
/// fast path decided, so a shortcut that never fires fails the test instead of passing it vacuously.
/// </summary>
public class LeafFastPathTests
{
    private static readonly byte[] _interesting = [0, (byte)'-', (byte)'0', (byte)'9', (byte)':', (byte)'/', (byte)'a', (byte)'f', (byte)'g', (byte)'A', (byte)'F', (byte)'G', (byte)'T', (byte)'t', (byte)'Z', (byte)'z', (byte)'.', (byte)'+', 0x7F, 0x80, 0xC3, 0xFF];

    [Theory]
    [InlineData(20261206)]
    [InlineData(7)]
    public void Enum_table_agrees_with_member_by_member_compare(int seed)
    {
        Console.WriteLine($"enum table: seed {seed}");
        var random = new Random(seed);
        int hits = 0;
        for (int set = 0; set < 2_000; set++)
        {
            var members = new List<ConstValue>();
            int count = random.Next(0, 7);
            for (int m = 0; m < count; m++)
            {
                members.Add(random.Next(5) == 0
                    ? ConstValue.FromNumber(NumericBound.FromText(random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture))!)
                    : ConstValue.String("member", RandomBytes(random, random.Next(0, 13))));
            }

            StringEnumTable table = StringEnumTable.From(members);
            for (int probe = 0; probe < 50; probe++)
            {
                byte[] value = members.Count > 0 && random.Next(2) == 0
                    ? Near(random, members[random.Next(members.Count)].Utf8)
                    : RandomBytes(random, random.Next(0, 13));
                bool expected = members.Any(member => member.MatchesString(value));
                hits += expected ? 1 : 0;
                Assert.True(expected == table.Contains(value),
                    $"seed {seed}, set {set}, probe {probe}: {Convert.ToHexString(value)} against [{string.Join(", ", members.Select(m => Convert.ToHexString(m.Utf8)))}]: member compare says {expected}");
            }
        }

        Assert.True(hits > 5_000, $"seed {seed}: only {hits} probes were members; the test is not probing the table");
    }

    [Theory]
    [InlineData(20261206)]
    [InlineData(12)]
    public void Uuid_vector_check_agrees_with_the_byte_loop(int seed)
    {
        Console.WriteLine($"uuid: seed {seed}");
        var random = new Random(seed);
        int valid = 0;
        for (int n = 0; n < 200_000; n++)
        {
            byte[] uuid = Encoding.ASCII.GetBytes(Guid.NewGuid().ToString());
            // Guid.NewGuid is not seeded, so the digits come from the seeded generator instead.
            for (int i = 0; i < uuid.Length; i++)
            {
                if (uuid[i] != (byte)'-')
                {
                    uuid[i] = (byte)"0123456789abcdefABCDEF"[random.Next(22)];
                }
            }

            byte[] value = random.Next(3) == 0 ? uuid : Near(random, uuid);
            bool expected = FormatChecks.IsUuidScalar(value);
            valid += expected ? 1 : 0;
            Assert.True(expected == FormatChecks.IsUuid(value), $"seed {seed}, case {n}: {Convert.ToHexString(value)}: the byte loop says {expected}");
        }

        Assert.True(valid > 50_000, $"seed {seed}: only {valid} valid uuids");
    }

    [Theory]
    [InlineData(20261206)]
    [InlineData(3)]
    public void Date_time_shortcut_agrees_with_the_full_check(int seed)
    {
        Console.WriteLine($"date-time: seed {seed}");
        var random = new Random(seed);
        int shortcut = 0;
        for (int n = 0; n < 200_000; n++)
        {
            byte[] value = Near(random, DateTimeText(random));
            bool expected = FormatChecks.IsDateTimeGeneral(value);
            bool fast = DateTimeFastPath.IsValidUtc(value);
            shortcut += fast ? 1 : 0;
            Assert.True(!fast || expected, $"seed {seed}, case {n}: {Encoding.Latin1.GetString(value)}: the shortcut accepts what the full check refuses");
            Assert.True(expected == FormatChecks.IsDateTime(value), $"seed {seed}, case {n}: {Encoding.Latin1.GetString(value)}: the full check says {expected}");
        }

        Assert.True(shortcut > 20_000, $"seed {seed}: the shortcut decided only {shortcut} cases");
    }

    [Theory]
    [InlineData(20261206)]
    [InlineData(5)]
    public void String_check_plan_agrees_with_every_keyword_in_turn(int seed)
    {
        Console.WriteLine($"string check plan: seed {seed}");
        string[] keywords =
        [
            "\"enum\":[\"EUR\",\"USD\",\"GBP\"]", "\"enum\":[\"new\",\"paid\",\"shipped\",\"cancelled\",1]", "\"const\":\"EUR\"",
            "\"pattern\":\"^ORD-[0-9]{10}$\"", "\"pattern\":\"^[A-Z]{3}-[0-9]{5}$\"", "\"pattern\":\"^a(b|c)*$\"", "\"pattern\":\"(?=a)a\"",
            "\"format\":\"uuid\"", "\"format\":\"date-time\"", "\"format\":\"email\"", "\"maxLength\":4", "\"minLength\":3",
        ];
        byte[][] samples =
        [
            "EUR"u8.ToArray(), "USD"u8.ToArray(), "paid"u8.ToArray(), "cancelled"u8.ToArray(), "ORD-0123456789"u8.ToArray(), "ABC-12345"u8.ToArray(),
            "abcb"u8.ToArray(), "a"u8.ToArray(), "0f8fad5b-d9cb-469f-a165-70867728950e"u8.ToArray(), "2024-02-29T12:00:00Z"u8.ToArray(),
            "a@example.com"u8.ToArray(), ""u8.ToArray(),
        ];
        var random = new Random(seed);
        int passedByPlan = 0;
        for (int n = 0; n < 4_000; n++)
        {
            // Mostly one keyword (the plan's shortcuts), sometimes none or two (its general path).
            int count = random.Next(6) switch { 0 => 0, 1 => 2, _ => 1 };
            // One of each keyword name: a schema may not write a keyword twice.
            string members = string.Join(",", Enumerable.Range(0, count).Select(_ => keywords[random.Next(keywords.Length)]).DistinctBy(k => k[..k.IndexOf(':')]));
            SchemaNode node = RecordSchema.Load(Encoding.UTF8.GetBytes("{\"type\":\"string\"" + (members.Length > 0 ? "," + members : "") + "}"), "leaf").Root;
            for (int probe = 0; probe < 25; probe++)
            {
                byte[] value = Near(random, samples[random.Next(samples.Length)]);
                string? expected = node.CheckStringGeneral(value);
                passedByPlan += expected is null && count == 1 ? 1 : 0;
                Assert.True(expected == node.CheckString(value), $"seed {seed}, schema {members}, value {Convert.ToHexString(value)}: every keyword in turn says {expected ?? "valid"}");
            }
        }

        Assert.True(passedByPlan > 5_000, $"seed {seed}: only {passedByPlan} values passed a one-keyword schema");
    }

    [Theory]
    [InlineData(20261206)]
    [InlineData(9)]
    public void Number_bounds_plan_agrees_with_each_bound_in_turn(int seed)
    {
        Console.WriteLine($"number bounds plan: seed {seed}");
        string[] bounds = ["0", "1", "-1", "1000", "100000", "0.1", "-0.5", "99.99", "1e2", "2.5e-3", "123456789012345", "1234567890123456", "123456789012345678", "12345678901234567890", "0.09999999999999999999", "1e20"];
        string[] keywords = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];
        var random = new Random(seed);
        int inRangeShort = 0;
        for (int n = 0; n < 3_000; n++)
        {
            var members = new List<string>();
            foreach (string keyword in keywords)
            {
                if (random.Next(2) == 0)
                {
                    members.Add($"\"{keyword}\":{bounds[random.Next(bounds.Length)]}");
                }
            }

            if (random.Next(10) == 0)
            {
                members.Add("\"enum\":[1,2.5,1000]");
            }

            string type = random.Next(3) == 0 ? "integer" : "number";
            SchemaNode node = RecordSchema.Load(Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\"" + string.Concat(members.Select(m => "," + m)) + "}"), "leaf").Root;
            for (int probe = 0; probe < 40; probe++)
            {
                byte[] text = Encoding.ASCII.GetBytes(NumberText(random, bounds));
                JsonNumber number = JsonNumber.Parse(text);
                string? expected = node.CheckNumberGeneral(number, text);
                inRangeShort += expected is null && members.Count > 0 && number.TryShortDouble(out _) ? 1 : 0;
                Assert.True(expected == node.CheckNumber(number, text), $"seed {seed}, schema {string.Join(",", members)}, value {Encoding.ASCII.GetString(text)}: each bound in turn says {expected ?? "valid"}");
            }
        }

        Assert.True(inRangeShort > 10_000, $"seed {seed}: only {inRangeShort} short values passed a bounded schema");
    }

    /// <summary>A number near a bound (the bound itself, a step either side, its negation) or a plain random one.</summary>
    private static string NumberText(Random random, string[] bounds)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        string bound = bounds[random.Next(bounds.Length)];
        return random.Next(8) switch
        {
            0 => bound,
            1 => "-" + bound.TrimStart('-'),
            2 => (decimal.Parse(bound, System.Globalization.NumberStyles.Float, culture) + 0.001m).ToString(culture),
            3 => (decimal.Parse(bound, System.Globalization.NumberStyles.Float, culture) - 1m).ToString(culture),
            4 => random.Next(2) == 0 ? "-0" : "-0.0",
            5 => random.Next(-2_000, 200_000).ToString(culture) + "." + random.Next(100).ToString("00", culture),
            6 => random.Next(-10, 1_200).ToString(culture),
            _ => random.NextInt64(-long.MaxValue, long.MaxValue).ToString(culture) + (random.Next(2) == 0 ? "" : "5"),
        };
    }

    [Theory]
    [InlineData("2024-02-29T12:00:00Z", true)]
    [InlineData("2023-02-29T12:00:00Z", false)]
    [InlineData("2024-13-01T12:00:00Z", false)]
    [InlineData("2024-00-01T12:00:00Z", false)]
    [InlineData("2024-04-31T12:00:00Z", false)]
    [InlineData("2024-01-01t24:00:00z", false)]
    [InlineData("2024-01-01t23:59:59z", true)]
    [InlineData("2024-01-01T23:60:00Z", false)]
    [InlineData("1998-12-31T23:59:60Z", true)]
    [InlineData("1998-12-31T22:59:60Z", false)]
    [InlineData("1998-12-31T12:00:00.5Z", true)]
    [InlineData("1998-12-31T12:00:00+01:00", true)]
    [InlineData("1998-12-31 12:00:00Z", false)]
    [InlineData("1998-12-31T12:00:00\u00c5", false)]
    public void Date_time_edges(string text, bool valid)
    {
        byte[] value = Encoding.UTF8.GetBytes(text);
        Assert.Equal(valid, FormatChecks.IsDateTimeGeneral(value));
        Assert.Equal(valid, FormatChecks.IsDateTime(value));
    }

    /// <summary>A date-time in the shortcut's layout mostly, with the general layouts (fraction, offset, lower case) mixed in.</summary>
    private static byte[] DateTimeText(Random random)
    {
        int year = random.Next(0, 10_000);
        int month = random.Next(0, 14);
        int day = random.Next(0, 33);
        int hour = random.Next(0, 25);
        int minute = random.Next(0, 61);
        int second = random.Next(10) == 0 ? 60 : random.Next(0, 60);
        if (random.Next(4) != 0)
        {
            // Mostly real dates, so acceptance is common enough to matter.
            month = random.Next(1, 13);
            day = random.Next(1, 29);
            hour = random.Next(0, 24);
        }

        string tail = random.Next(6) switch
        {
            0 => "z",
            1 => "." + random.Next(1000) + "Z",
            2 => (random.Next(2) == 0 ? "+" : "-") + random.Next(0, 25).ToString("00", System.Globalization.CultureInfo.InvariantCulture) + ":" + random.Next(0, 61).ToString("00", System.Globalization.CultureInfo.InvariantCulture),
            _ => "Z",
        };
        string t = random.Next(8) == 0 ? "t" : "T";
        return Encoding.ASCII.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{year:0000}-{month:00}-{day:00}{t}{hour:00}:{minute:00}:{second:00}{tail}"));
    }

    /// <summary>The value, or it with one byte changed, one byte dropped or one byte added.</summary>
    private static byte[] Near(Random random, byte[] value)
    {
        var bytes = new List<byte>(value);
        switch (random.Next(5))
        {
            case 0 when bytes.Count > 0:
                bytes[random.Next(bytes.Count)] = Interesting(random);
                break;
            case 1 when bytes.Count > 0:
                bytes.RemoveAt(random.Next(bytes.Count));
                break;
            case 2:
                bytes.Insert(random.Next(bytes.Count + 1), Interesting(random));
                break;
            case 3 when bytes.Count > 0:
                // One bit flipped: the case bit and the digit-range edges are where word tricks go wrong.
                int at = random.Next(bytes.Count);
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
        }

        return bytes.ToArray();
    }

    private static byte Interesting(Random random) =>
        random.Next(2) == 0 ? _interesting[random.Next(_interesting.Length)] : (byte)random.Next(256);

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            // A small alphabet so random values collide with members often.
            bytes[i] = random.Next(4) == 0 ? Interesting(random) : (byte)"ab\u0000"[random.Next(3)];
        }

        return bytes;
    }
}
