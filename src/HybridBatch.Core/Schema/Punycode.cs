namespace HybridBatch.Core.Schema;

/// <summary>RFC 3492 Punycode, decode only: whether the part of an A-label after <c>xn--</c> is well formed.</summary>
internal static class Punycode
{
    private const int Base = 36, TMin = 1, TMax = 26, Skew = 38, Damp = 700, InitialBias = 72, InitialN = 128;

    /// <summary>
    /// True when <paramref name="encoded"/> decodes to at least one non-ASCII code point (an A-label whose
    /// U-label were all ASCII would not be an A-label, RFC 5890 §2.3.2.1).
    /// </summary>
    public static bool Decodes(ReadOnlySpan<byte> encoded)
    {
        int delimiter = encoded.LastIndexOf((byte)'-');
        int basic = delimiter < 0 ? 0 : delimiter;
        int output = basic;
        long n = InitialN, i = 0;
        int bias = InitialBias;
        bool nonAscii = false;
        for (int pos = delimiter < 0 ? 0 : delimiter + 1; pos < encoded.Length;)
        {
            long oldI = i, w = 1;
            for (int k = Base; ; k += Base)
            {
                if (pos >= encoded.Length)
                {
                    return false;
                }

                int digit = Digit(encoded[pos++]);
                if (digit < 0)
                {
                    return false;
                }

                i += digit * w;
                int t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                if (digit < t)
                {
                    break;
                }

                w *= Base - t;
                if (i > 0x10FFFF * 64L || w > 0x10FFFF * 64L)
                {
                    return false;
                }
            }

            output++;
            bias = Adapt(i - oldI, output, oldI == 0);
            n += i / output;
            i %= output;
            if (n > 0x10FFFF || n is >= 0xD800 and <= 0xDFFF)
            {
                return false;
            }

            nonAscii = true;
            i++;
        }

        return nonAscii;
    }

    private static int Digit(byte b) => b switch
    {
        >= (byte)'a' and <= (byte)'z' => b - 'a',
        >= (byte)'A' and <= (byte)'Z' => b - 'A',
        >= (byte)'0' and <= (byte)'9' => b - '0' + 26,
        _ => -1,
    };

    private static int Adapt(long delta, int points, bool first)
    {
        delta = first ? delta / Damp : delta / 2;
        delta += delta / points;
        int k = 0;
        while (delta > ((Base - TMin) * TMax) / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }

        return (int)(k + (Base - TMin + 1) * delta / (delta + Skew));
    }
}
