using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// The walker takes the expected next property name by comparing 8-byte words (<see cref="PropertyTable.MatchRawName"/>);
/// the plain path compares bytes. Seeded random names (short and long, with bytes a record must escape, non-ASCII) at
/// random places in random record text, matching, mismatching in one byte, and cut short: both must agree, and agree
/// with what the name written plainly and its closing quote say.
/// </summary>
public class PropertyNameMatchTests
{
    private const string Alphabet = "abcxyz_-09\"\\\u0001é";

    [Fact]
    public void Word_compare_agrees_with_byte_compare()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        for (int round = 0; round < 2_000; round++)
        {
            string[] names = Enumerable.Range(0, 1 + random.Next(6)).Select(_ => RandomName(random)).Distinct().ToArray();
            var table = new PropertyTable(names, new SchemaNode?[names.Length], [0UL], []);
            for (int probe = 0; probe < 20; probe++)
            {
                int index = random.Next(names.Length + 1) - (random.Next(10) == 0 ? 2 : 0);
                byte[] text = RandomText(random, names, index, out int at);

                int word = table.MatchRawName(index, text, at);
                int plain = table.PlainMatchRawName(index, text, at);
                int expected = Expected(names, index, text, at);
                Assert.True(
                    word == plain && plain == expected,
                    $"seed {seed}, round {round}: name {index} at {at} of '{Encoding.UTF8.GetString(text)}': words {word}, bytes {plain}, expected {expected}");
            }
        }
    }

    private static int Expected(string[] names, int index, byte[] text, int at)
    {
        if (index < 0 || index >= names.Length || names[index].Any(c => c is '"' or '\\' or < ' '))
        {
            return 0;
        }

        byte[] raw = [.. Encoding.UTF8.GetBytes(names[index]), (byte)'"'];
        return text.AsSpan(at).StartsWith(raw) ? raw.Length : 0;
    }

    private static string RandomName(Random random)
    {
        int length = random.Next(4) == 0 ? random.Next(30) : random.Next(17);
        var name = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            name.Append(random.Next(8) == 0 ? Alphabet[random.Next(Alphabet.Length)] : (char)('a' + random.Next(3)));
        }

        return name.ToString();
    }

    /// <summary>Record text with, at <paramref name="at"/>, some name (often the probed one) and a quote, maybe altered or cut.</summary>
    private static byte[] RandomText(Random random, string[] names, int index, out int at)
    {
        byte[] prefix = Encoding.UTF8.GetBytes(new string('{', random.Next(4)));
        string written = index >= 0 && index < names.Length && random.Next(4) != 0 ? names[index] : names[random.Next(names.Length)];
        var body = new List<byte>(Encoding.UTF8.GetBytes(written)) { (byte)'"' };
        if (random.Next(3) == 0 && body.Count > 0)
        {
            body[random.Next(body.Count)] ^= (byte)(1 << random.Next(8));
        }

        body.AddRange(Encoding.UTF8.GetBytes(":\"value\",\"next\":1}"[..random.Next(19)]));
        if (random.Next(3) == 0)
        {
            // Cut short, as at the end of a record.
            int keep = random.Next(body.Count + 1);
            body.RemoveRange(keep, body.Count - keep);
        }

        at = prefix.Length;
        return [.. prefix, .. body];
    }
}
