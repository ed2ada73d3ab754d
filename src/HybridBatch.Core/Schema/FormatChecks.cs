using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace HybridBatch.Core.Schema;

/// <summary>
/// The <c>format</c> checks, done on the UTF-8 bytes so valid records never allocate. Every format here is
/// ASCII-only, so any non-ASCII byte simply fails the check.
/// </summary>
internal static class FormatChecks
{
    /// <summary>The one table of format names: what a schema writes, what a message says.</summary>
    private static readonly (string Name, StringFormat Format)[] _names =
    [
        ("date-time", StringFormat.DateTime), ("date", StringFormat.Date), ("time", StringFormat.Time),
        ("duration", StringFormat.Duration), ("email", StringFormat.Email), ("hostname", StringFormat.Hostname),
        ("ipv4", StringFormat.IPv4), ("ipv6", StringFormat.IPv6), ("uri", StringFormat.Uri),
        ("uri-reference", StringFormat.UriReference), ("uuid", StringFormat.Uuid),
    ];

    /// <summary>The asserted formats' names, for messages and documentation.</summary>
    public static IEnumerable<string> Names => _names.Select(entry => entry.Name);

    public static bool IsValid(StringFormat format, ReadOnlySpan<byte> utf8) => format switch
    {
        StringFormat.DateTime => IsDateTime(utf8),
        StringFormat.Date => IsDate(utf8),
        StringFormat.Time => TimeFormats.IsTime(utf8),
        StringFormat.Duration => TimeFormats.IsDuration(utf8),
        StringFormat.Email => IsEmail(utf8),
        StringFormat.Hostname => HostFormats.IsHostname(utf8),
        StringFormat.IPv4 => HostFormats.IsIPv4(utf8),
        StringFormat.IPv6 => HostFormats.IsIPv6(utf8),
        StringFormat.Uri => UriFormats.IsUri(utf8),
        StringFormat.UriReference => UriFormats.IsUriReference(utf8),
        StringFormat.Uuid => IsUuid(utf8),
        _ => true,
    };

    public static string Name(StringFormat format) => Array.Find(_names, entry => entry.Format == format).Name ?? "";

    /// <summary>The format a schema names, or <see cref="StringFormat.None"/> for a name this validator does not know.</summary>
    public static StringFormat Parse(string name) => Array.Find(_names, entry => entry.Name == name).Format;

    /// <summary>RFC 3339 <c>full-date</c>: yyyy-MM-dd naming a day that exists.</summary>
    public static bool IsDate(ReadOnlySpan<byte> s)
    {
        if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-')
        {
            return false;
        }

        if (!TryDigits(s, 0, 4, out int year) || !TryDigits(s, 5, 2, out int month) || !TryDigits(s, 8, 2, out int day))
        {
            return false;
        }

        return month is >= 1 and <= 12 && day >= 1 && day <= DaysInMonth(year, month);
    }

    /// <summary>RFC 3339 <c>date-time</c>; the common UTC layout takes a shortcut that only ever accepts (<see cref="DateTimeFastPath"/>).</summary>
    public static bool IsDateTime(ReadOnlySpan<byte> s) => DateTimeFastPath.IsValidUtc(s) || IsDateTimeGeneral(s);

    /// <summary>RFC 3339 <c>date-time</c>: full-date, <c>T</c> (either case), full-time (see <see cref="TimeFormats.IsTime"/>).</summary>
    internal static bool IsDateTimeGeneral(ReadOnlySpan<byte> s) =>
        s.Length >= 20 && IsDate(s[..10]) && (s[10] | 0x20) == (byte)'t' && TimeFormats.IsTime(s[11..]);

    /// <summary>
    /// RFC 5321 <c>Mailbox</c>: a dot-string (atoms of atext joined by single dots) or a quoted string as the local
    /// part (at most 64 bytes), then a domain of letter-digit-hyphen labels or an address literal (<c>[IPv4]</c>,
    /// <c>[IPv6:…]</c>), at most 255 bytes. ASCII only: no RFC 6531 internationalized addresses, and no RFC 5322
    /// comments or folding white space, which are message-header syntax rather than an address.
    /// </summary>
    public static bool IsEmail(ReadOnlySpan<byte> s)
    {
        int localEnd = LocalPartEnd(s);
        if (localEnd <= 0 || localEnd > 64 || localEnd >= s.Length || s[localEnd] != (byte)'@')
        {
            return false;
        }

        ReadOnlySpan<byte> domain = s[(localEnd + 1)..];
        if (domain.Length is 0 or > 255)
        {
            return false;
        }

        return domain[0] == (byte)'[' ? IsAddressLiteral(domain) : IsDomain(domain);
    }

    /// <summary>The index just past a well-formed local part at the start of <paramref name="s"/>, or -1.</summary>
    private static int LocalPartEnd(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
        {
            return -1;
        }

        if (s[0] == (byte)'"')
        {
            // Quoted-string: qtextSMTP is printable ASCII but " and \; quoted-pairSMTP is \ and any printable ASCII.
            for (int i = 1; i < s.Length; i++)
            {
                byte b = s[i];
                if (b == (byte)'"')
                {
                    return i + 1;
                }

                if (b == (byte)'\\')
                {
                    i++;
                    if (i >= s.Length || s[i] is < 0x20 or > 0x7E)
                    {
                        return -1;
                    }
                }
                else if (b is < 0x20 or > 0x7E)
                {
                    return -1;
                }
            }

            return -1;
        }

        // Dot-string: no leading, trailing or doubled dot.
        int at = 0;
        bool afterDot = true;
        for (; at < s.Length && s[at] != (byte)'@'; at++)
        {
            if (s[at] == (byte)'.')
            {
                if (afterDot)
                {
                    return -1;
                }

                afterDot = true;
            }
            else if (IsAtext(s[at]))
            {
                afterDot = false;
            }
            else
            {
                return -1;
            }
        }

        return afterDot ? -1 : at;
    }

    /// <summary>RFC 5322 atext, which RFC 5321's Atom uses.</summary>
    private static bool IsAtext(byte b) =>
        (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 'z' - 'a' || "!#$%&'*+-/=?^_`{|}~"u8.Contains(b);

    /// <summary>Labels of letters, digits and inner hyphens, 1 to 63 bytes, joined by single dots; one label is enough.</summary>
    private static bool IsDomain(ReadOnlySpan<byte> domain)
    {
        while (true)
        {
            int dot = domain.IndexOf((byte)'.');
            ReadOnlySpan<byte> label = dot < 0 ? domain : domain[..dot];
            if (!IsDomainLabel(label))
            {
                return false;
            }

            if (dot < 0)
            {
                return true;
            }

            domain = domain[(dot + 1)..];
        }
    }

    /// <summary><c>[</c> IPv4 <c>]</c> or <c>[IPv6:</c> address <c>]</c> (the tag in any case); general literals are refused.</summary>
    private static bool IsAddressLiteral(ReadOnlySpan<byte> domain)
    {
        if (domain.Length < 3 || domain[^1] != (byte)']')
        {
            return false;
        }

        ReadOnlySpan<byte> inside = domain[1..^1];
        if (inside.Length > 5 && Ascii.EqualsIgnoreCase(inside[..5], "IPv6:"u8))
        {
            return HostFormats.IsIPv6(inside[5..], leadingZeros: true);
        }

        return HostFormats.IsDottedQuad(inside, leadingZeros: true);
    }

    /// <summary>8-4-4-4-12 hexadecimal digits, either case.</summary>
    public static bool IsUuid(ReadOnlySpan<byte> s)
    {
        if (s.Length != 36)
        {
            return false;
        }

        if (!Vector128.IsHardwareAccelerated)
        {
            return IsUuidScalar(s);
        }

        // Three overlapping 16-byte loads (0, 16, 20) cover the 36 bytes; each byte must be a hyphen where the
        // layout puts one and a hex digit elsewhere, decided for all lanes at once.
        Vector128<byte> ok = UuidLanes(Vector128.Create(s[..16]), UuidHyphens0)
            & UuidLanes(Vector128.Create(s.Slice(16, 16)), UuidHyphens16)
            & UuidLanes(Vector128.Create(s.Slice(20, 16)), UuidHyphens20);
        return ok == Vector128<byte>.AllBitsSet;
    }

    /// <summary>The general uuid check, one byte at a time; the vector path must agree with it (UuidFastPathTests).</summary>
    internal static bool IsUuidScalar(ReadOnlySpan<byte> s)
    {
        if (s.Length != 36)
        {
            return false;
        }

        for (int i = 0; i < s.Length; i++)
        {
            bool hyphenPlace = i is 8 or 13 or 18 or 23;
            bool ok = hyphenPlace ? s[i] == (byte)'-' : IsHexDigit(s[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    // Where the uuid layout puts its hyphens (8, 13, 18, 23), as lane masks of the loads at 0, 16 and 20.
    private static Vector128<byte> UuidHyphens0 => Vector128.Create(0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0, 0, 0, 0, 0xFF, 0, (byte)0);

    private static Vector128<byte> UuidHyphens16 => Vector128.Create(0, 0, 0xFF, 0, 0, 0, 0, 0xFF, 0, 0, 0, 0, 0, 0, 0, (byte)0);

    private static Vector128<byte> UuidHyphens20 => Vector128.Create(0, 0, 0, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)0);

    /// <summary>All-ones lanes where the byte is a hyphen and <paramref name="hyphens"/> wants one, or a hex digit and it does not.</summary>
    private static Vector128<byte> UuidLanes(Vector128<byte> v, Vector128<byte> hyphens)
    {
        Vector128<byte> isHyphen = Vector128.Equals(v, Vector128.Create((byte)'-'));
        Vector128<byte> isDigit = Vector128.LessThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
        Vector128<byte> isHexLetter = Vector128.LessThan((v | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)6));
        return Vector128.ConditionalSelect(hyphens, isHyphen, isDigit | isHexLetter);
    }

    private static bool IsHexDigit(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 'f' - 'a';

    private static bool IsDomainLabel(ReadOnlySpan<byte> label)
    {
        if (label.Length is 0 or > 63 || label[0] == (byte)'-' || label[^1] == (byte)'-')
        {
            return false;
        }

        foreach (byte b in label)
        {
            bool ok = (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 'z' - 'a' || b == (byte)'-';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <paramref name="count"/> ASCII digits at <paramref name="start"/> as a number; false if any is not a digit.</summary>
    internal static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            uint digit = (uint)(s[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = value * 10 + (int)digit;
        }

        return true;
    }

    // Inlined by hand: small and called per value; without dynamic PGO (docs/performance.md) the JIT left it a call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DaysInMonth(int year, int month)
    {
        if (month == 2)
        {
            bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }

        return month is 4 or 6 or 9 or 11 ? 30 : 31;
    }
}
