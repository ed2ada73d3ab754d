namespace HybridBatch.Core.Schema;

/// <summary>Small UTF-8 helpers for checks done on bytes.</summary>
internal static class Utf8
{
    /// <summary>Counts Unicode code points (JSON Schema lengths): every byte that is not a continuation byte.</summary>
    public static int CountCodePoints(ReadOnlySpan<byte> utf8)
    {
        int continuation = 0;
        foreach (byte b in utf8)
        {
            if ((b & 0xC0) == 0x80)
            {
                continuation++;
            }
        }

        return utf8.Length - continuation;
    }
}
