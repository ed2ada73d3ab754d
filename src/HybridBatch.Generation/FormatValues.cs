using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// Writes one value of each <c>format</c> the validator asserts (<see cref="StringFormat"/>), unescaped UTF-8, shaped
/// like real exports: recent timestamps, v4 UUIDs, example.com addresses. Every value is one the validator's
/// <see cref="FormatChecks"/> accepts; a test holds each format to that.
/// </summary>
internal static class FormatValues
{
    private static readonly byte[][] s_names =
    [
        "alice"u8.ToArray(), "bob"u8.ToArray(), "carol"u8.ToArray(), "dave"u8.ToArray(), "erin"u8.ToArray(),
        "frank"u8.ToArray(), "grace"u8.ToArray(), "heidi"u8.ToArray(), "ivan"u8.ToArray(), "judy"u8.ToArray(),
        "mallory"u8.ToArray(), "olivia"u8.ToArray(), "peggy"u8.ToArray(), "rupert"u8.ToArray(), "sybil"u8.ToArray(),
        "trent"u8.ToArray(), "victor"u8.ToArray(), "walter"u8.ToArray(),
    ];

    private static readonly byte[] s_hex = "0123456789abcdef"u8.ToArray();

    // Timestamps fall in 2020..2025 so they are recent-looking and always four-digit years.
    private static readonly int s_firstDay = new DateOnly(2020, 1, 1).DayNumber;
    private static readonly int s_lastDay = new DateOnly(2025, 12, 31).DayNumber;

    public static void Write(StringFormat format, ref SplitMix64 random, ValueBuffer output, int minLength)
    {
        switch (format)
        {
            case StringFormat.DateTime:
                WriteDate(random.NextInclusive(s_firstDay, s_lastDay), output);
                output.AppendByte((byte)'T');
                WriteTime(random.NextInclusive(0, 86_399), output);
                break;
            case StringFormat.Date:
                WriteDate(random.NextInclusive(s_firstDay, s_lastDay), output);
                break;
            case StringFormat.Time:
                WriteTime(random.NextInclusive(0, 86_399), output);
                break;
            case StringFormat.Duration:
                WriteDuration(ref random, output);
                break;
            case StringFormat.Uuid:
                WriteUuid(ref random, output);
                break;
            case StringFormat.Email:
                WriteEmail(ref random, output, minLength);
                break;
            case StringFormat.Hostname:
                WriteHost(ref random, output);
                break;
            case StringFormat.IPv4:
                for (int i = 0; i < 4; i++)
                {
                    if (i > 0)
                    {
                        output.AppendByte((byte)'.');
                    }

                    output.AppendInt64(random.NextInclusive(i == 0 ? 1 : 0, 254));
                }

                break;
            case StringFormat.IPv6:
                output.Append("2001:db8"u8);
                for (int i = 0; i < 6; i++)
                {
                    output.AppendByte((byte)':');
                    output.Append(HexGroup(random.NextInclusive(0, 0xFFFF)));
                }

                break;
            case StringFormat.Uri:
                output.Append("https://"u8);
                WriteHost(ref random, output);
                WritePath(ref random, output);
                break;
            case StringFormat.UriReference:
                WritePath(ref random, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "not a format the validator asserts");
        }
    }

    private static void WriteTime(long second, ValueBuffer output)
    {
        output.AppendDigits(second / 3600, 2);
        output.AppendByte((byte)':');
        output.AppendDigits(second / 60 % 60, 2);
        output.AppendByte((byte)':');
        output.AppendDigits(second % 60, 2);
        output.AppendByte((byte)'Z');
    }

    private static void WriteDate(long dayNumber, ValueBuffer output)
    {
        var (year, month, day) = DateOnly.FromDayNumber((int)dayNumber);
        output.AppendDigits(year, 4);
        output.AppendByte((byte)'-');
        output.AppendDigits(month, 2);
        output.AppendByte((byte)'-');
        output.AppendDigits(day, 2);
    }

    private static void WriteDuration(ref SplitMix64 random, ValueBuffer output)
    {
        output.AppendByte((byte)'P');
        if (random.NextBool())
        {
            output.AppendInt64(random.NextInclusive(1, 90));
            output.AppendByte((byte)'D');
            return;
        }

        output.AppendByte((byte)'T');
        output.AppendInt64(random.NextInclusive(1, 23));
        output.AppendByte((byte)'H');
        output.AppendInt64(random.NextInclusive(1, 59));
        output.AppendByte((byte)'M');
    }

    private static void WriteUuid(ref SplitMix64 random, ValueBuffer output)
    {
        var high = random.NextUInt64();
        var low = random.NextUInt64();
        for (var i = 0; i < 32; i++)
        {
            if (i is 8 or 12 or 16 or 20)
            {
                output.AppendByte((byte)'-');
            }

            var word = i < 16 ? high : low;
            var nibble = (int)(word >> ((15 - (i % 16)) * 4)) & 0xF;
            // Version 4 in the 13th digit and the RFC 4122 variant (8..b) in the 17th.
            nibble = i switch
            {
                12 => 4,
                16 => 8 | (nibble & 3),
                _ => nibble,
            };
            output.AppendByte(s_hex[nibble]);
        }
    }

    private static void WriteEmail(ref SplitMix64 random, ValueBuffer output, int minLength)
    {
        var name = s_names[random.Next(s_names.Length)];
        var number = random.NextInclusive(1, 99_999);
        var digits = number.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        output.Append(name);
        // Pad the local part when minLength asks for more, within its 64-character limit.
        for (var length = name.Length + 1 + digits + 12; length < minLength && length < 64 + 12; length++)
        {
            output.AppendByte((byte)'x');
        }

        output.AppendByte((byte)'.');
        output.AppendInt64(number);
        output.Append("@example.com"u8);
    }

    private static void WriteHost(ref SplitMix64 random, ValueBuffer output)
    {
        output.Append(s_names[random.Next(s_names.Length)]);
        output.AppendInt64(random.NextInclusive(1, 99));
        output.Append(".example.com"u8);
    }

    private static void WritePath(ref SplitMix64 random, ValueBuffer output)
    {
        output.Append("/orders/"u8);
        output.AppendInt64(random.NextInclusive(1, 999_999));
    }

    private static byte[] HexGroup(long value)
    {
        Span<byte> digits = stackalloc byte[4];
        int count = 0;
        do
        {
            digits[count++] = s_hex[(int)(value & 0xF)];
            value >>= 4;
        }
        while (value > 0);

        var group = new byte[count];
        for (int i = 0; i < count; i++)
        {
            group[i] = digits[count - 1 - i];
        }

        return group;
    }
}
