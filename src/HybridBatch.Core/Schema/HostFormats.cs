namespace HybridBatch.Core.Schema;

/// <summary><c>hostname</c> (RFC 1123, RFC 5890/5891 for A-labels), <c>ipv4</c> (RFC 2673) and <c>ipv6</c> (RFC 4291).</summary>
internal static class HostFormats
{
    /// <summary>
    /// Letter-digit-hyphen labels of 1 to 63 bytes (a label may start with a digit, RFC 1123), no hyphen at either
    /// end, at most 253 bytes in all. A label with <c>--</c> in its third and fourth places must be an A-label
    /// (<c>xn--</c>) whose Punycode decodes (RFC 5891 §4.2.3.1).
    /// </summary>
    public static bool IsHostname(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || s.Length > 253)
        {
            return false;
        }

        while (true)
        {
            int dot = s.IndexOf((byte)'.');
            ReadOnlySpan<byte> label = dot < 0 ? s : s[..dot];
            if (!IsLabel(label))
            {
                return false;
            }

            if (dot < 0)
            {
                return true;
            }

            s = s[(dot + 1)..];
        }
    }

    private static bool IsLabel(ReadOnlySpan<byte> label)
    {
        if (label.Length is 0 or > 63 || label[0] == (byte)'-' || label[^1] == (byte)'-')
        {
            return false;
        }

        foreach (byte b in label)
        {
            if (!((uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 'z' - 'a' || b == (byte)'-'))
            {
                return false;
            }
        }

        if (label.Length >= 4 && label[2] == (byte)'-' && label[3] == (byte)'-')
        {
            return (label[0] | 0x20) == 'x' && (label[1] | 0x20) == 'n' && Punycode.Decodes(label[4..]);
        }

        return true;
    }

    /// <summary>RFC 2673 dotted-quad: four decimal octets 0-255, ASCII digits, no leading zeros (read as octal by some).</summary>
    public static bool IsIPv4(ReadOnlySpan<byte> s) => IsDottedQuad(s, leadingZeros: false);

    /// <summary>As <see cref="IsIPv4"/>; <paramref name="leadingZeros"/> allows <c>01</c> (RFC 5321 address literals).</summary>
    public static bool IsDottedQuad(ReadOnlySpan<byte> s, bool leadingZeros)
    {
        for (int part = 0; part < 4; part++)
        {
            int digits = 0;
            int value = 0;
            while (digits < s.Length && (uint)(s[digits] - '0') <= 9)
            {
                value = value * 10 + (s[digits] - '0');
                digits++;
            }

            if (digits is 0 or > 3 || value > 255 || (!leadingZeros && digits > 1 && s[0] == (byte)'0'))
            {
                return false;
            }

            s = s[digits..];
            if (part < 3)
            {
                if (s.IsEmpty || s[0] != (byte)'.')
                {
                    return false;
                }

                s = s[1..];
            }
        }

        return s.IsEmpty;
    }

    /// <summary>
    /// RFC 4291 §2.2 text forms: eight groups of 1-4 hex digits, or fewer around one <c>::</c>, the last two
    /// optionally as a dotted-quad. No zone index (<c>%eth0</c> is RFC 6874 URI syntax, not an address).
    /// </summary>
    public static bool IsIPv6(ReadOnlySpan<byte> s) => IsIPv6(s, leadingZeros: false);

    public static bool IsIPv6(ReadOnlySpan<byte> text, bool leadingZeros)
    {
        int groups = 0;
        bool compressed = false;
        int i = 0;
        if (text.StartsWith("::"u8))
        {
            compressed = true;
            i = 2;
        }
        else if (text.IsEmpty || text[0] == (byte)':')
        {
            return false;
        }

        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && i - start < 5 && IsHex(text[i]))
            {
                i++;
            }

            if (i < text.Length && text[i] == (byte)'.')
            {
                // A dotted-quad tail: the rest of the text, in place of the last two groups.
                if (!IsDottedQuad(text[start..], leadingZeros))
                {
                    return false;
                }

                groups += 2;
                break;
            }

            if (i == start || i - start > 4)
            {
                return false;
            }

            groups++;
            if (i == text.Length)
            {
                break;
            }

            if (text[i] != (byte)':')
            {
                return false;
            }

            i++;
            if (i < text.Length && text[i] == (byte)':')
            {
                if (compressed)
                {
                    return false;
                }

                compressed = true;
                i++;
            }
            else if (i == text.Length)
            {
                return false;
            }
        }

        return compressed ? groups <= 7 : groups == 8;
    }

    public static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 'f' - 'a';
}
