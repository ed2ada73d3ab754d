using System.Text;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>
/// The bytes of a random input file for the splitter's property tests: generated records joined by generated
/// separators, with an optional byte-order mark and bytes that are not UTF-8.
/// </summary>
internal static class GeneratedInput
{
    /// <summary>Stands for a byte that is not UTF-8 (0xFF), put in after encoding, since a string cannot hold it.</summary>
    public const char NotUtf8 = '\u0001';

    /// <summary>The records, each but the last followed by its separator; the last too when <paramref name="trailingNewline"/>.</summary>
    public static byte[] Bytes(string[] records, string[] separators, bool trailingNewline, bool bom)
    {
        var text = new StringBuilder();
        for (int i = 0; i < records.Length; i++)
        {
            text.Append(records[i]);
            if (i < records.Length - 1 || trailingNewline)
            {
                text.Append(separators[i]);
            }
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(text.ToString());
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)NotUtf8)
            {
                utf8[i] = 0xFF;
            }
        }

        return bom ? [0xEF, 0xBB, 0xBF, .. utf8] : utf8;
    }
}
