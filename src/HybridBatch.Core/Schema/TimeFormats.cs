namespace HybridBatch.Core.Schema;

/// <summary>RFC 3339 <c>full-time</c> and the Appendix A <c>duration</c>, checked on UTF-8 bytes.</summary>
internal static class TimeFormats
{
    /// <summary>
    /// RFC 3339 <c>full-time</c>: hh:mm:ss, optional fraction, then <c>Z</c> or ±hh:mm (either case for <c>z</c>).
    /// A leap second (<c>60</c>) is valid only when it falls at 23:59:60 UTC.
    /// </summary>
    public static bool IsTime(ReadOnlySpan<byte> s)
    {
        if (s.Length < 9 || s[2] != (byte)':' || s[5] != (byte)':'
            || !FormatChecks.TryDigits(s, 0, 2, out int hour) || !FormatChecks.TryDigits(s, 3, 2, out int minute) || !FormatChecks.TryDigits(s, 6, 2, out int second)
            || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        int i = 8;
        if (s[i] == (byte)'.')
        {
            int start = ++i;
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
        else if (s[i] is (byte)'+' or (byte)'-')
        {
            if (i + 6 != s.Length || s[i + 3] != (byte)':'
                || !FormatChecks.TryDigits(s, i + 1, 2, out int offsetHour) || !FormatChecks.TryDigits(s, i + 4, 2, out int offsetMinute)
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
    /// RFC 3339 Appendix A <c>duration</c>: <c>P</c>, then weeks alone, or date units then an optional <c>T</c>
    /// part. The ABNF nests each unit in the one before it (<c>dur-year = 1*DIGIT "Y" [dur-month]</c>), so the
    /// units present must be consecutive in the order Y M D and H M S: <c>P1Y1D</c> and <c>PT1H1S</c> are not
    /// durations. Upper case only, as ISO 8601 writes them.
    /// </summary>
    public static bool IsDuration(ReadOnlySpan<byte> s)
    {
        if (s.Length < 3 || s[0] != (byte)'P')
        {
            return false;
        }

        int i = 1;
        if (i < s.Length && s[i] != (byte)'T')
        {
            if (!Units(s, ref i, "YMD"u8, out int dateUnits, out bool weeks))
            {
                return false;
            }

            if (weeks)
            {
                return i == s.Length;
            }

            if (dateUnits == 0)
            {
                return false;
            }
        }

        if (i == s.Length)
        {
            return true;
        }

        if (s[i] != (byte)'T')
        {
            return false;
        }

        i++;
        return Units(s, ref i, "HMS"u8, out int timeUnits, out bool timeWeeks) && !timeWeeks && timeUnits > 0 && i == s.Length;
    }

    /// <summary>
    /// Reads number-unit pairs whose units are a consecutive run of <paramref name="order"/>; stops before a <c>T</c>
    /// or the end. <c>W</c> (weeks) is accepted only as the one date unit.
    /// </summary>
    private static bool Units(ReadOnlySpan<byte> s, ref int i, ReadOnlySpan<byte> order, out int count, out bool weeks)
    {
        count = 0;
        weeks = false;
        int previous = -1;
        while (i < s.Length && s[i] != (byte)'T')
        {
            int start = i;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                i++;
            }

            if (i == start || i == s.Length)
            {
                return false;
            }

            byte unit = s[i++];
            if (unit == (byte)'W' && order[0] == (byte)'Y' && count == 0)
            {
                weeks = true;
                return i == s.Length;
            }

            int position = order.IndexOf(unit);
            if (position < 0 || (previous >= 0 && position != previous + 1))
            {
                return false;
            }

            previous = position;
            count++;
        }

        return true;
    }
}
