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
