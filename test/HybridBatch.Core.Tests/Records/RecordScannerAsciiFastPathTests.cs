using System.Text;
using System.Text.Unicode;
using HybridBatch.Core.Records;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Records;

/// <summary>
/// The scanner skips the UTF-8 check of records inside an all-ASCII stretch of its buffer; the plain path checks
/// every record. Seeded random JSON Lines with valid and invalid non-ASCII bytes in some records, read in random
/// sizes: every record's problem and its offset must be what checking that record alone gives.
/// </summary>
public class RecordScannerAsciiFastPathTests
{
    private static readonly byte[][] s_nonAscii =
    [
        [0xC3, 0xA9], // é
        [0xF0, 0x9F, 0x90, 0xB2], // a 4-byte character
        [0xC3], // a lead byte with no continuation
        [0x80], // a lone continuation byte
        [0xED, 0xA0, 0x80], // an encoded surrogate
        [0xFF],
    ];

    [Fact]
    public void Every_records_utf8_verdict_is_its_own_check()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            (byte[] data, List<byte[]> contents) = RandomLines(random);
            int step = random.Next(3) == 0 ? int.MaxValue : 1 + random.Next(200);
            var options = new RecordScannerOptions { ReadSize = 16 + random.Next(400), MaxRecordBytes = 512 };

            List<Scanned> scanned = Scanned.All(data, RecordFormat.JsonLines, step, options);

            string where = $"seed {seed}, round {round}, step {step}, read size {options.ReadSize}";
            Assert.True(contents.Count == scanned.Count, $"{where}: {scanned.Count} records, expected {contents.Count}");
            for (int i = 0; i < contents.Count; i++)
            {
                (RecordProblem problem, int offset) = PlainCheck(contents[i]);
                Assert.True(
                    (problem, offset) == (scanned[i].Problem, scanned[i].ProblemOffset),
                    $"{where}: record {i} is ({scanned[i].Problem}, {scanned[i].ProblemOffset}), its own check says ({problem}, {offset})");
            }
        }
    }

    private static (RecordProblem Problem, int Offset) PlainCheck(byte[] content)
    {
        if (Utf8.IsValid(content))
        {
            return (RecordProblem.None, 0);
        }

        char[] chars = new char[content.Length];
        Utf8.ToUtf16(content, chars, out int read, out _, replaceInvalidSequences: false);
        return (RecordProblem.InvalidUtf8, read);
    }

    /// <summary>Mostly ASCII lines, some with a non-ASCII sequence; each line's content as the scanner should see it.</summary>
    private static (byte[] Data, List<byte[]> Contents) RandomLines(Random random)
    {
        var data = new List<byte>();
        var contents = new List<byte[]>();
        int lines = 1 + random.Next(40);
        for (int line = 0; line < lines; line++)
        {
            var content = new List<byte>(Encoding.ASCII.GetBytes("{\"v\":\"" + new string('a', random.Next(60))));
            if (random.Next(4) == 0)
            {
                content.InsertRange(6 + random.Next(content.Count - 5), s_nonAscii[random.Next(s_nonAscii.Length)]);
            }

            content.AddRange("\"}"u8.ToArray());
            contents.Add([.. content]);
            data.AddRange(content);
            data.AddRange(random.Next(4) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
        }

        return ([.. data], contents);
    }
}
