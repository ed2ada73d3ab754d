using CsCheck;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>
/// For random files, chunk sizes and read sizes: the chunks' byte ranges, scanned on their own as a worker
/// would, hold every record of the file exactly once, in order, with the same index, line and offset.
/// </summary>
public class SplitterPropertyTests
{
    private static readonly Gen<string> s_jsonRecord = Gen.OneOf(
        Gen.Int[0, 99999].Select(i => $"{{\"id\":{i}}}"),
        Gen.Int[0, 99].Select(i => $"{{\"id\":{i},\"name\":\"n{i}\"}}"),
        Gen.Const("{\"id\":\"not a number\"}"),
        Gen.Const("{broken"),
        Gen.Const("{\"id\":1,\"name\":\"" + new string('w', 80) + "\"}"),
        Gen.Const("  {\"id\":7}  "));

    private static readonly Gen<string> s_csvRecord = Gen.OneOf(
        Gen.Int[0, 99999].Select(i => $"{i},plain"),
        Gen.Int[0, 99].Select(i => $"{i},\"with, comma\""),
        Gen.Int[0, 99].Select(i => $"{i},\"two\nlines\""),
        Gen.Int[0, 99].Select(i => $"{i},\"crlf\r\ninside \"\"quoted\"\"\""),
        Gen.Const("x,not a number"),
        Gen.Const("1,\"bad\"quote"),
        Gen.Const("1,ab\"c"),
        Gen.Const("1,5'10\""),
        // Too long with no open quote: that record's reject (a quoted field past the limit fails the whole input).
        Gen.Const("1," + new string('q', 80) + ",\"x\ny\""));

    private static readonly Gen<string> s_separator = Gen.OneOf("\n", "\r\n", "\n\n", "\r\n\r\n");

    [Fact]
    public void Json_lines_chunks_hold_every_record_once_in_order()
    {
        Gen.Select(s_jsonRecord.Array[0, 40], s_separator.Array[40], Gen.Bool, Gen.Bool, Gen.Int[1, 8], Gen.Int[16, 48], Gen.Int[1, 20])
            .Sample((records, separators, bom, trailingNewline, chunkRecords, readSize, step) =>
            {
                byte[] data = GeneratedInput.Bytes(records, separators, trailingNewline, bom);
                CheckChunks(data, InputFormat.JsonLines, header: 0, chunkRecords, readSize, step);
            }, iter: 300);
    }

    [Fact]
    public void Csv_chunks_hold_every_record_once_in_order()
    {
        Gen.Select(s_csvRecord.Array[0, 40], s_separator.Array[41], Gen.Bool, Gen.Int[1, 8], Gen.Int[16, 48], Gen.Int[1, 20])
            .Sample((records, separators, trailingNewline, chunkRecords, readSize, step) =>
            {
                byte[] data = GeneratedInput.Bytes(["id,name", .. records], separators, trailingNewline, bom: false);
                CheckChunks(data, InputFormat.Csv, header: 1, chunkRecords, readSize, step);
            }, iter: 300);
    }

    private static void CheckChunks(byte[] data, InputFormat format, int header, int chunkRecords, int readSize, int step)
    {
        const int maxRecordBytes = 64;
        var options = new RecordScannerOptions { ReadSize = readSize, MaxRecordBytes = maxRecordBytes };
        List<Scanned> whole = Scanned.All(data, format.Format, step, options).Skip(header)
            .Select(r => r with { Index = r.Index - header }).ToList();
        var staging = new MemoryStaging();
        SplitOutcome outcome = SplitterTests.Split(data, format, chunkRecords, staging: staging, readSize: readSize, maxRecordBytes: maxRecordBytes, step: step)
            .GetAwaiter().GetResult();

        Assert.Equal(whole.Count, outcome.TotalRecords);
        Assert.All(outcome.Chunks.SkipLast(1), c => Assert.Equal(chunkRecords, c.Records));
        for (int i = 1; i < outcome.Chunks.Count; i++)
        {
            Assert.Equal(outcome.Chunks[i - 1].ByteEnd, outcome.Chunks[i].ByteStart);
        }

        if (outcome.Chunks.Count > 0)
        {
            Assert.Equal(data.Length, outcome.Chunks[^1].ByteEnd);
        }

        var fromChunks = new List<Scanned>();
        foreach (ChunkPlanEntry chunk in outcome.Chunks)
        {
            byte[] range = data[(int)chunk.ByteStart..(int)chunk.ByteEnd];
            Assert.Equal(range, staging.Staged[chunk.ChunkId]);
            List<Scanned> inChunk = Scanned.All(range, format.Format, step, options, chunk.ByteStart, chunk.FirstLine, chunk.StartIndex);
            Assert.Equal(chunk.Records, inChunk.Count);
            Assert.Equal(chunk.EndIndex, chunk.StartIndex + inChunk.Count);
            fromChunks.AddRange(inChunk);
        }

        Assert.Equal(whole.Select(Seen), fromChunks.Select(Seen));
    }

    private static (string, long, long, long, RecordProblem) Seen(Scanned r) => (r.Content, r.Index, r.Line, r.ByteOffset, r.Problem);
}
