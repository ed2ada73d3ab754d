namespace HybridBatch.Core.Schema;

/// <summary>
/// RFC 3986 <c>URI</c> (format <c>uri</c>: a scheme is required) and <c>URI-reference</c> (<c>uri-reference</c>:
/// a URI or a relative reference). ASCII only: characters outside it must be percent-encoded (an IRI is another
/// format).
/// </summary>
internal static class UriFormats
{
    public static bool IsUri(ReadOnlySpan<byte> s) => SchemeLength(s) is > 0 and var n && IsAfterScheme(s[(n + 1)..], relative: false);

    public static bool IsUriReference(ReadOnlySpan<byte> s) =>
        SchemeLength(s) is > 0 and var n ? IsAfterScheme(s[(n + 1)..], relative: false) : IsAfterScheme(s, relative: true);

    /// <summary>The length of <c>scheme</c> when <paramref name="s"/> starts with <c>scheme ":"</c>, else 0.</summary>
    private static int SchemeLength(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || !IsAlpha(s[0]))
        {
            return 0;
        }

        int i = 1;
        while (i < s.Length && (IsAlpha(s[i]) || IsDigit(s[i]) || s[i] is (byte)'+' or (byte)'-' or (byte)'.'))
        {
            i++;
        }

        return i < s.Length && s[i] == (byte)':' ? i : 0;
    }

    /// <summary><c>hier-part</c> (or <c>relative-part</c>) <c>[ "?" query ] [ "#" fragment ]</c>.</summary>
    private static bool IsAfterScheme(ReadOnlySpan<byte> s, bool relative)
    {
        int hash = s.IndexOf((byte)'#');
        if (hash >= 0)
        {
            if (!IsQueryOrFragment(s[(hash + 1)..]))
            {
                return false;
            }

            s = s[..hash];
        }

        int question = s.IndexOf((byte)'?');
        if (question >= 0)
        {
            if (!IsQueryOrFragment(s[(question + 1)..]))
            {
                return false;
            }

            s = s[..question];
        }

        if (s.StartsWith("//"u8))
        {
            s = s[2..];
            int slash = s.IndexOf((byte)'/');
            ReadOnlySpan<byte> authority = slash < 0 ? s : s[..slash];
            return IsAuthority(authority) && IsPath(slash < 0 ? default : s[slash..]);
        }

        if (relative)
        {
            // path-noscheme: a colon in the first segment would read as a scheme.
            int slash = s.IndexOf((byte)'/');
            ReadOnlySpan<byte> first = slash < 0 ? s : s[..slash];
            if (first.Contains((byte)':'))
            {
                return false;
            }
        }

        return IsPath(s);
    }

    /// <summary><c>[ userinfo "@" ] host [ ":" port ]</c>.</summary>
    private static bool IsAuthority(ReadOnlySpan<byte> s)
    {
        int at = s.IndexOf((byte)'@');
        if (at >= 0)
        {
            if (!AllOf(s[..at], allowColon: true, allowSlashQuestion: false, allowAt: false))
            {
                return false;
            }

            s = s[(at + 1)..];
        }

        ReadOnlySpan<byte> host;
        if (!s.IsEmpty && s[0] == (byte)'[')
        {
            int close = s.IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }

            host = s[1..close];
            s = s[(close + 1)..];
            if (!HostFormats.IsIPv6(host, leadingZeros: false) && !IsIPvFuture(host))
            {
                return false;
            }
        }
        else
        {
            int colon = s.IndexOf((byte)':');
            host = colon < 0 ? s : s[..colon];
            s = colon < 0 ? default : s[colon..];
            if (!AllOf(host, allowColon: false, allowSlashQuestion: false, allowAt: false))
            {
                return false;
            }
        }

        if (s.IsEmpty)
        {
            return true;
        }

        if (s[0] != (byte)':')
        {
            return false;
        }

        foreach (byte b in s[1..])
        {
            if (!IsDigit(b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>"v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )</c>.</summary>
    private static bool IsIPvFuture(ReadOnlySpan<byte> s)
    {
        if (s.Length < 4 || (s[0] | 0x20) != (byte)'v')
        {
            return false;
        }

        int i = 1;
        while (i < s.Length && HostFormats.IsHex(s[i]))
        {
            i++;
        }

        if (i == 1 || i >= s.Length - 1 || s[i] != (byte)'.')
        {
            return false;
        }

        foreach (byte b in s[(i + 1)..])
        {
            if (!(IsUnreserved(b) || IsSubDelim(b) || b == (byte)':'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Segments of <c>pchar</c> joined by <c>/</c> (the ABNF's path forms differ only in where they may start).</summary>
    private static bool IsPath(ReadOnlySpan<byte> s) => AllOf(s, allowColon: true, allowSlashQuestion: false, allowAt: true, allowSlash: true);

    private static bool IsQueryOrFragment(ReadOnlySpan<byte> s) => AllOf(s, allowColon: true, allowSlashQuestion: true, allowAt: true);

    /// <summary>Unreserved, sub-delims and percent-encodings, plus the listed extras.</summary>
    private static bool AllOf(ReadOnlySpan<byte> s, bool allowColon, bool allowSlashQuestion, bool allowAt, bool allowSlash = false)
    {
        for (int i = 0; i < s.Length; i++)
        {
            byte b = s[i];
            if (b == (byte)'%')
            {
                if (i + 2 >= s.Length || !HostFormats.IsHex(s[i + 1]) || !HostFormats.IsHex(s[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (!(IsUnreserved(b) || IsSubDelim(b) || (allowColon && b == (byte)':') || (allowAt && b == (byte)'@')
                || ((allowSlashQuestion || allowSlash) && b == (byte)'/') || (allowSlashQuestion && b == (byte)'?')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnreserved(byte b) => IsAlpha(b) || IsDigit(b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    private static bool IsSubDelim(byte b) => "!$&'()*+,;="u8.Contains(b);

    private static bool IsAlpha(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
