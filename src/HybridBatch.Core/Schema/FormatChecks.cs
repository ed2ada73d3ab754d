using System.Buffers;

namespace HybridBatch.Core.Schema;

/// <summary>
/// The <c>format</c> checks, done on the UTF-8 bytes so valid records never allocate. Every format here is
/// ASCII-only, so any non-ASCII byte simply fails the check.
/// </summary>
internal static class FormatChecks
{
    private static readonly SearchValues<byte> _uuidBytes = SearchValues.Create("0123456789abcdefABCDEF-"u8);

    public static bool IsValid(StringFormat format, ReadOnlySpan<byte> utf8) => format switch
    {
        StringFormat.DateTime => IsDateTime(utf8),
        StringFormat.Date => IsDate(utf8),
        StringFormat.Email => IsEmail(utf8),
        StringFormat.Uuid => IsUuid(utf8),
        _ => true,
    };

    public static string Name(StringFormat format) => format switch
    {
        StringFormat.DateTime => "date-time",
        StringFormat.Date => "date",
        StringFormat.Email => "email",
        StringFormat.Uuid => "uuid",
        _ => "",
    };

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

    /// <summary>
    /// RFC 3339 <c>date-time</c>: full-date, <c>T</c>, hh:mm:ss, optional fraction, then <c>Z</c> or ±hh:mm.
    /// RFC 3339 allows lower-case <c>t</c>/<c>z</c>; a leap second is accepted only at 23:59 UTC.
    /// </summary>
    public static bool IsDateTime(ReadOnlySpan<byte> s)
    {
        if (s.Length < 20 || !IsDate(s[..10]) || (s[10] | 0x20) != (byte)'t')
        {
            return false;
        }

        if (s[13] != (byte)':' || s[16] != (byte)':'
            || !TryDigits(s, 11, 2, out int hour) || !TryDigits(s, 14, 2, out int minute) || !TryDigits(s, 17, 2, out int second)
            || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        int i = 19;
        if (s[i] == (byte)'.')
        {
            i++;
            int start = i;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i >= s.Length)
        {
            return false;
        }

        int offsetMinutes;
        if ((s[i] | 0x20) == (byte)'z')
        {
            if (i + 1 != s.Length)
            {
                return false;
            }

            offsetMinutes = 0;
        }
        else if (s[i] == (byte)'+' || s[i] == (byte)'-')
        {
            if (i + 6 != s.Length || s[i + 3] != (byte)':'
                || !TryDigits(s, i + 1, 2, out int offsetHour) || !TryDigits(s, i + 4, 2, out int offsetMinute)
                || offsetHour > 23 || offsetMinute > 59)
            {
                return false;
            }

            offsetMinutes = (offsetHour * 60 + offsetMinute) * (s[i] == (byte)'-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        if (second == 60)
        {
            // A leap second can only be inserted as the last second of a UTC day.
            int utcMinuteOfDay = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440;
            return utcMinuteOfDay == 23 * 60 + 59;
        }

        return true;
    }

    /// <summary>
    /// A practical address check rather than full RFC 5322: exactly one <c>@</c>, a local part without spaces or
    /// control characters, and a dotted domain of 1-63 character labels of letters, digits and inner hyphens.
    /// </summary>
    public static bool IsEmail(ReadOnlySpan<byte> s)
    {
        int at = s.IndexOf((byte)'@');
        if (at <= 0 || s[(at + 1)..].IndexOf((byte)'@') >= 0)
        {
            return false;
        }

        foreach (byte b in s[..at])
        {
            if (b <= 0x20 || b == 0x7F)
            {
                return false;
            }
        }

        ReadOnlySpan<byte> domain = s[(at + 1)..];
        if (domain.Length > 253 || domain.IndexOf((byte)'.') < 0)
        {
            return false;
        }

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

    /// <summary>8-4-4-4-12 hexadecimal digits, either case.</summary>
    public static bool IsUuid(ReadOnlySpan<byte> s)
    {
        // Vectorized scans instead of a per-byte loop: random hex digits made per-byte branches mispredict a lot.
        return s.Length == 36
            && s[8] == (byte)'-' && s[13] == (byte)'-' && s[18] == (byte)'-' && s[23] == (byte)'-'
            && !s.ContainsAnyExcept(_uuidBytes)
            && s.Count((byte)'-') == 4;
    }

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

    private static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
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

    private static int DaysInMonth(int year, int month)
    {
        if (month == 2)
        {
            bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }

        return month is 4 or 6 or 9 or 11 ? 30 : 31;
    }
}
