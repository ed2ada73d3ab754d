using System.Text;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>
/// The line-feed framing pass of JSON Lines ranges (<see cref="JsonLinesFraming"/>) against the scanner's
/// (<see cref="RangePass.ScanAsync"/>) on seeded random ranges: records, checkpoints, end and end line the same, with
/// and without vectors, whatever the read and record sizes and where the range starts; where it gives up,
/// <see cref="RangePass.FrameAsync"/> gives the scanner's answer. Inputs mix blank lines (empty, CR, spaces and tabs,
/// longer than the record limit), CRLF, lines that start with CR or spaces but are records, too-long records, bytes
/// that are not UTF-8, a last line without a line feed, byte-order marks and CR-only line ends at offset 0, and runs
/// of thousands of short records so checkpoints past the first are compared.
/// </summary>
public sealed class JsonLinesFramingDifferentialTests
{
    private const int Seeds = 3000;

    [Fact]
    public async Task Line_feed_framing_is_the_scanners_framing()
    {
        int framed = 0;
        for (int seed = 0; seed < Seeds; seed++)
        {
            var random = new Random(seed);
            byte[] data = Input(random);
            (int start, int end) = Range(random, data);
            var range = new SplitRange(start, end, random.Next(3) == 0 ? random.Next(1, 1000) : 1);
            var scanner = new RecordScannerOptions { MaxRecordBytes = random.Next(16, 90), ReadSize = random.Next(3) == 0 ? random.Next(64, 5000) : random.Next(16, 200) };
            var options = new SplitOptions { Scanner = scanner };
            int step = random.Next(4) == 0 ? random.Next(1, 8) : int.MaxValue;
            byte[] bytes = data[start..end];

            RangeOutcome expected = await RangePass.ScanAsync(new TrickleStream(bytes, step), range, InputFormat.JsonLines, options, CancellationToken.None);
            RangeOutcome? byVectors = await JsonLinesFraming.FrameAsync(new TrickleStream(bytes, step), range, scanner, CancellationToken.None);
            RangeOutcome? byLines = await JsonLinesFraming.FrameAsync(new TrickleStream(bytes, step), range, scanner, CancellationToken.None, vectors: false);
            RangeReader read = (from, to, _) => Task.FromResult<Stream>(new TrickleStream(data[(int)from..(int)to], step));
            RangeOutcome dispatched = await RangePass.FrameAsync(read, range, InputFormat.JsonLines, options, CancellationToken.None);

            string where = $"seed {seed}, range {start}..{end} of {data.Length}, {scanner}, step {step}";
            Assert.True((byVectors is null) == (byLines is null), where);
            if (byVectors is not null)
            {
                framed++;
                Assert.Null(expected.StructuralError);
                AssertSame(expected, byVectors, where + ", vectors");
                AssertSame(expected, byLines!, where + ", lines");
            }

            AssertSame(expected, dispatched, where + ", dispatched");
        }

        // The inputs are built to give up often (long blank lines, offset 0 in a third of the ranges), and the dispatch
        // is checked then; still half the ranges at least must be framed by line feeds, or this test proves little.
        Assert.InRange(framed, Seeds / 2, Seeds);
    }

    [Fact]
    public async Task Gives_up_where_the_scanner_reads_closer()
    {
        var scanner = new RecordScannerOptions { MaxRecordBytes = 16, ReadSize = 16 };
        string longBlank = new(' ', 40);
        foreach ((string text, long start) in new[]
        {
            ($"{{}}\n{longBlank}\n{{}}\n", 3L),
            ("\uFEFF{}\r{}\r", 0L),
            ("{\"a\":\"a very long first record\"}\n{}\n", 0L),
        })
        {
            byte[] data = Encoding.UTF8.GetBytes(text);
            var range = new SplitRange(start, data.Length, 1);
            Assert.Null(await JsonLinesFraming.FrameAsync(new MemoryStream(data[(int)start..]), range, scanner, CancellationToken.None));
        }

        byte[] utf16 = [0xFF, 0xFE, (byte)'{', 0, (byte)'}', 0, (byte)'\n', 0];
        Assert.Null(await JsonLinesFraming.FrameAsync(new MemoryStream(utf16), new SplitRange(0, utf16.Length, 1), scanner, CancellationToken.None));
    }

    [Fact]
    public async Task Counts_the_records_of_plain_lines_with_a_checkpoint_every_1024()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 5000; i++)
        {
            text.Append($"{{\"id\":{i}}}\n");
            if (i % 700 == 0)
            {
                text.Append("  \r\n");
            }
        }

        byte[] data = Encoding.UTF8.GetBytes(text.ToString());
        RangeOutcome? outcome = await JsonLinesFraming.FrameAsync(new MemoryStream(data), new SplitRange(0, data.Length, 1), new RecordScannerOptions(), CancellationToken.None);

        Assert.NotNull(outcome);
        Assert.Equal(5000, outcome.Records);
        Assert.Equal(5, outcome.Checkpoints.Count);
        // Record 1024 is on line 1027: 1,024 record lines and the blank lines after records 0 and 700 come before it.
        Assert.Equal(1027, outcome.Checkpoints[1].Line);
        Assert.Equal(Encoding.UTF8.GetByteCount(text.ToString()[..text.ToString().IndexOf("{\"id\":1024}", StringComparison.Ordinal)]), outcome.Checkpoints[1].Offset);
        Assert.Equal(data.Length, outcome.End);
        Assert.Equal(5000 + 8 + 1, outcome.EndLine);
    }

    private static void AssertSame(RangeOutcome expected, RangeOutcome actual, string where)
    {
        Assert.True(expected.Records == actual.Records, $"{where}: records {actual.Records}, scanner {expected.Records}");
        Assert.True(expected.Checkpoints.SequenceEqual(actual.Checkpoints),
            $"{where}: checkpoints {string.Join(' ', actual.Checkpoints)}, scanner {string.Join(' ', expected.Checkpoints)}");
        Assert.True(expected.End == actual.End, $"{where}: end {actual.End}, scanner {expected.End}");
        Assert.True(expected.EndLine == actual.EndLine, $"{where}: end line {actual.EndLine}, scanner {expected.EndLine}");
        Assert.True(expected.StructuralError == actual.StructuralError, $"{where}: error {actual.StructuralError}, scanner {expected.StructuralError}");
    }

    // A range from a record boundary (offset 0 or just past a line feed) to the end or to a later boundary.
    private static (int Start, int End) Range(Random random, byte[] data)
    {
        int[] boundaries = [0, .. Enumerable.Range(0, data.Length).Where(i => data[i] == (byte)'\n').Select(i => i + 1), data.Length];
        int start = random.Next(3) == 0 ? 0 : boundaries[random.Next(boundaries.Length)];
        int[] later = boundaries.Where(b => b >= start).ToArray();
        int end = random.Next(2) == 0 ? data.Length : later[random.Next(later.Length)];
        return (start, end);
    }

    private static byte[] Input(Random random)
    {
        var bytes = new List<byte>();
        switch (random.Next(12))
        {
            case 0: bytes.AddRange([0xEF, 0xBB, 0xBF]); break;
            case 1: bytes.AddRange([0xFF, 0xFE]); break;
            case 2: bytes.AddRange([0xFE, 0xFF]); break;
            case 3: bytes.AddRange([0x00, 0x00, 0xFE, 0xFF]); break;
        }

        bool crOnly = random.Next(25) == 0;
        int lines = random.Next(6) == 0 ? random.Next(1000, 4000) : random.Next(0, 40);
        bool plain = lines >= 1000 && random.Next(2) == 0;
        for (int i = 0; i < lines; i++)
        {
            bytes.AddRange(plain && random.Next(50) != 0 ? Encoding.ASCII.GetBytes($"{{\"i\":{i}}}") : Line(random));
            bool last = i == lines - 1;
            if (last && random.Next(2) == 0)
            {
                break;
            }

            bytes.AddRange(crOnly ? "\r"u8.ToArray() : random.Next(4) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
        }

        return [.. bytes];
    }

    private static byte[] Line(Random random)
    {
        string spaces = new(' ', random.Next(0, 4));
        return random.Next(20) switch
        {
            0 => [],
            1 => "\r"u8.ToArray(),
            2 => "\r\r"u8.ToArray(),
            3 => Encoding.ASCII.GetBytes($"\r{{\"id\":{random.Next(100)}}}"),
            4 => Encoding.ASCII.GetBytes(spaces + "\t \r" + spaces),
            5 => Encoding.ASCII.GetBytes(new string(' ', random.Next(10, 120)) + (random.Next(2) == 0 ? "\t" : "")),
            6 => Encoding.ASCII.GetBytes(new string(' ', random.Next(10, 120)) + "{}"),
            7 => Encoding.ASCII.GetBytes(spaces + "{\"id\":1}" + spaces),
            8 => Encoding.ASCII.GetBytes("{\"name\":\"" + new string('n', random.Next(10, 200)) + "\"}"),
            9 => [(byte)'{', 0xFF, 0xC3, (byte)'}'],
            10 => Encoding.ASCII.GetBytes("{\"a\":1}\r{\"b\":2}"),
            11 => Encoding.ASCII.GetBytes(" \r "),
            12 => "\t"u8.ToArray(),
            _ => Encoding.ASCII.GetBytes($"{{\"id\":{random.Next(100_000)}}}"),
        };
    }
}
