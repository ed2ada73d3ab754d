using HybridBatch.Core.Schema;
namespace HybridBatch.Core.Generation;

/// <summary>
/// Generates the text of one valid scalar (boolean, integer, number or string) into a <see cref="ValueBuffer"/>.
/// Strings are left unescaped; the format writers add JSON escaping or CSV quoting.
/// </summary>
internal static class ValueGenerator
{
    /// <summary>Longest email before padding (<c>mallory.99999@example.com</c>); a smaller maxLength is rejected.</summary>
    public const int EmailLongestNatural = 25;

    /// <summary>Longest email reachable by padding the local part to its 64-character limit.</summary>
    public const int EmailLongestPadded = 64 + 12;

    /// <summary>Typical plain strings stay short even when maxLength is generous.</summary>
    private const int PlainStringSpread = 20;

    private static readonly byte[][] s_names =
    [
        "alice"u8.ToArray(), "bob"u8.ToArray(), "carol"u8.ToArray(), "dave"u8.ToArray(), "erin"u8.ToArray(),
        "frank"u8.ToArray(), "grace"u8.ToArray(), "heidi"u8.ToArray(), "ivan"u8.ToArray(), "judy"u8.ToArray(),
        "mallory"u8.ToArray(), "olivia"u8.ToArray(), "peggy"u8.ToArray(), "rupert"u8.ToArray(), "sybil"u8.ToArray(),
        "trent"u8.ToArray(), "victor"u8.ToArray(), "walter"u8.ToArray(),
    ];

    // 32 entries so one 5-bit slice of a random word picks a character; vowels repeat to look word-like.
    private static readonly byte[] s_textChars = "abcdefghijklmnopqrstuvwxyzeaoin "u8.ToArray();

    private static readonly byte[] s_hex = "0123456789abcdef"u8.ToArray();

    // Timestamps fall in 2020..2025 so they are recent-looking and always four-digit years.
    private static readonly int s_firstDay = new DateOnly(2020, 1, 1).DayNumber;
    private static readonly int s_lastDay = new DateOnly(2025, 12, 31).DayNumber;

    public static void WriteScalar(SchemaNode node, JsonKinds kind, ref SplitMix64 random, ValueBuffer output)
    {
        switch (kind)
        {
            case JsonKinds.Boolean:
                output.Append(random.NextBool() ? "true"u8 : "false"u8);
                break;
            case JsonKinds.Integer:
                output.AppendInt64(random.NextInclusive(node.IntMin, node.IntMax));
                break;
            case JsonKinds.Number:
                WriteCents(random.NextInclusive(node.CentsMin, node.CentsMax), output);
                break;
            case JsonKinds.String:
                WriteString(node, ref random, output);
                break;
            default:
                throw new InvalidOperationException($"{kind} is not a scalar kind.");
        }
    }

    private static void WriteCents(long cents, ValueBuffer output)
    {
        if (cents < 0)
        {
            output.AppendByte((byte)'-');
            cents = -cents;
        }

        output.AppendInt64(cents / 100);
        output.AppendByte((byte)'.');
        output.AppendDigits(cents % 100, 2);
    }

    private static void WriteString(SchemaNode node, ref SplitMix64 random, ValueBuffer output)
    {
        var max = node.MaxLength ?? int.MaxValue;
        if (node.Pattern is { } pattern)
        {
            pattern.Generate(ref random, output, node.MinLength, max);
            return;
        }

        switch (node.Format)
        {
            case StringFormat.DateTime:
                WriteDateTime(ref random, output);
                break;
            case StringFormat.Date:
                WriteDate(random.NextInclusive(s_firstDay, s_lastDay), output);
                break;
            case StringFormat.Uuid:
                WriteUuid(ref random, output);
                break;
            case StringFormat.Email:
                WriteEmail(ref random, output, node.MinLength);
                break;
            default:
                var length = (int)random.NextInclusive(node.MinLength, Math.Min(max, node.MinLength + PlainStringSpread));
                WriteText(ref random, output, length);
                break;
        }
    }

    private static void WriteDateTime(ref SplitMix64 random, ValueBuffer output)
    {
        var day = random.NextInclusive(s_firstDay, s_lastDay);
        var second = random.NextInclusive(0, 86_399);
        WriteDate(day, output);
        output.AppendByte((byte)'T');
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
        var digits = 1;
        for (var rest = number; rest >= 10; rest /= 10)
        {
            digits++;
        }

        output.Append(name);
        // Pad the local part when minLength asks for more; the parser guarantees it stays within 64.
        for (var length = name.Length + 1 + digits + 12; length < minLength; length++)
        {
            output.AppendByte((byte)'x');
        }

        output.AppendByte((byte)'.');
        output.AppendInt64(number);
        output.Append("@example.com"u8);
    }

    private static void WriteText(ref SplitMix64 random, ValueBuffer output, int length)
    {
        var bits = 0UL;
        var left = 0;
        var previousSpace = true;
        for (var i = 0; i < length; i++)
        {
            if (left == 0)
            {
                bits = random.NextUInt64();
                left = 12;
            }

            var c = s_textChars[(int)(bits & 31)];
            bits >>= 5;
            left--;
            // No leading, trailing or doubled spaces: the text reads like words and never looks blank.
            if (c == ' ' && (previousSpace || i == length - 1))
            {
                c = (byte)'e';
            }

            previousSpace = c == ' ';
            output.AppendByte(c);
        }
    }
}
