using System.Text;
using System.Text.Json;
using CsCheck;
using HybridBatch.Core.Compression;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>
/// For random files (JSON Lines and CSV: random record lengths, invalid and too-long records, invalid UTF-8, quoted
/// line breaks, CRLF, blank lines, a byte-order mark, an unreadable CSV quote in the middle), chunk sizes, read sizes,
/// hash block sizes (a few bytes, so chunks are cut into many validation pieces whose block edges fall inside records)
/// and thread counts (often more threads than records, with ranges of a few bytes that fall inside records; chunk
/// starts on block edges, inside blocks, several in one block): the
/// parallel split writes the same plan (content hashes included), rejects file and report, byte for byte, as the
/// one-thread split; gzip input, which stays one stream, likewise with its read-ahead thread. CsCheck prints the seed
/// of a failing case; set it with <c>CsCheck_Seed</c> to replay it.
/// </summary>
public sealed class ParallelSplitPropertyTests
{
    private const char NotUtf8 = GeneratedInput.NotUtf8;

    private static readonly ObjectLocation s_input = new("in", "drop/input");

    private static readonly Gen<string> s_jsonRecord = Gen.OneOf(
        Gen.Int[0, 99999].Select(i => $"{{\"id\":{i}}}"),
        Gen.Int[0, 99].Select(i => $"{{\"id\":{i},\"name\":\"n{i}\"}}"),
        Gen.String[Gen.Char['a', 'z'], 0, 90].Select(s => $"{{\"id\":1,\"name\":\"{s}\"}}"),
        Gen.Const("{\"id\":\"not a number\"}"),
        Gen.Const("{\"id\":-1}"),
        Gen.Const("{broken"),
        Gen.Const("{\"id\":2,\"name\":\"a" + NotUtf8 + "b\"}"),
        Gen.Const("  {\"id\":7}  "),
        Gen.Const("   "));

    private static readonly Gen<string> s_csvRecord = Gen.OneOf(
        Gen.Int[0, 99999].Select(i => $"{i},plain"),
        Gen.String[Gen.Char['a', 'z'], 0, 90].Select(s => $"1,{s}"),
        Gen.Int[0, 99].Select(i => $"{i},\"with, comma\""),
        Gen.Int[0, 99].Select(i => $"{i},\"two\nlines\""),
        Gen.Int[0, 99].Select(i => $"\"{i}\",\"crlf\r\ninside \"\"quoted\"\"\""),
        Gen.Int[0, 99].Select(i => $"{i},\"\n\n\"\"\n\""),
        Gen.Const("x,not a number"),
        Gen.Const("1,\"bad\"quote"),
        Gen.Const("1,ab\"c"),
        Gen.Const("1,5'10\""),
        Gen.Const("2,a" + NotUtf8 + "b"),
        Gen.Const("   "),
        Gen.Const("1," + new string('q', 80) + ",\"x\ny\""));

    private static readonly Gen<string> s_separator = Gen.OneOf("\n", "\r\n", "\n\n", "\r\n\r\n", "\n  \n");

    [Fact]
    public void Json_lines_split_on_many_threads_is_the_one_thread_split()
    {
        Gen.Select(s_jsonRecord.Array[0, 60], s_separator.Array[60], Gen.Bool, Gen.Bool, Gen.Int[1, 9], Gen.Int[16, 48], Gen.Int[2, 24], Gen.Int[1, 96])
            .Sample((records, separators, bom, trailingNewline, chunkRecords, readSize, threads, blockBytes) =>
            {
                byte[] data = GeneratedInput.Bytes(records, separators, trailingNewline, bom);
                SameAsOneThread(data, InputFormat.JsonLines, chunkRecords, readSize, threads, blockBytes);
            }, iter: 400);
    }

    [Fact]
    public void Csv_split_on_many_threads_is_the_one_thread_split()
    {
        Gen.Select(s_csvRecord.Array[0, 60], s_separator.Array[62], Gen.Bool, Gen.Int[1, 9], Gen.Select(Gen.Int[16, 48], Gen.Int[1, 96]), Gen.Int[2, 24], Gen.Int[0, 7], Gen.Bool)
            .Sample((records, separators, trailingNewline, chunkRecords, sizes, threads, unclosedAt, strict) =>
            {
                (int readSize, int blockBytes) = sizes;
                // One case in four has a quote that never closes part way: the input is unreadable from there on.
                string[] rows = unclosedAt == 0 && records.Length > 0
                    ? [.. records[..(records.Length / 2)], "9,\"never closed", .. records[(records.Length / 2)..]]
                    : records;
                byte[] data = GeneratedInput.Bytes(["id,name", .. rows], separators, trailingNewline, bom: readSize % 3 == 0);
                var format = InputFormat.Csv with { Quotes = strict ? CsvQuotes.Strict : CsvQuotes.Lenient };
                SameAsOneThread(data, format, chunkRecords, readSize, threads, blockBytes);
            }, iter: 400);
    }

    [Fact]
    public void Csv_whose_every_record_has_quoted_line_breaks_splits_as_in_one_thread()
    {
        // Range cuts and piece edges fall inside quoted fields far more often than in the mixed files above.
        Gen<string> quoted = Gen.Select(Gen.Int[0, 999], Gen.String[Gen.Char['a', 'c'], 0, 12], Gen.Int[1, 4])
            .Select((id, text, breaks) => $"{id},\"{string.Concat(Enumerable.Repeat(text + "\n", breaks))}\"\"end\"");
        Gen.Select(quoted.Array[1, 50], Gen.Int[1, 7], Gen.Int[2, 12], Gen.Int[1, 64])
            .Sample((rows, chunkRecords, threads, blockBytes) =>
            {
                byte[] data = GeneratedInput.Bytes(["id,name", .. rows], Enumerable.Repeat("\n", rows.Length + 1).ToArray(), trailingNewline: true, bom: false);
                SameAsOneThread(data, InputFormat.Csv, chunkRecords, readSize: 32, threads, blockBytes);
            }, iter: 300);
    }

    [Fact]
    public void Gzip_input_stays_one_stream_and_splits_as_in_one_thread()
    {
        Gen.Select(s_jsonRecord.Array[0, 60], s_separator.Array[60], Gen.Bool, Gen.Int[1, 9], Gen.Int[16, 48], Gen.Int[1, 96])
            .Sample((records, separators, trailingNewline, chunkRecords, readSize, blockBytes) =>
            {
                byte[] gzip = GzipMember.Build(GeneratedInput.Bytes(records, separators, trailingNewline, bom: false));
                var format = new InputFormat(RecordFormat.JsonLines, (byte)',', InputCompression.Gzip);
                SameAsOneThread(gzip, format, chunkRecords, readSize, threads: 2, blockBytes);
            }, iter: 200);
    }

    [Fact]
    public void Tab_separated_quotes_open_only_after_the_tab()
    {
        byte[] data = "id\tname\n1\t\"a\nb\"\n2\tx\"y\n3\t\"\"\"\n\"\"\"\n4\tz\n"u8.ToArray();
        for (int threads = 2; threads < 12; threads++)
        {
            SameAsOneThread(data, InputFormat.Csv with { Delimiter = (byte)'\t' }, chunkRecords: 2, readSize: 16, threads, blockBytes: 5);
        }
    }

    [Fact]
    public void Chunk_starts_inside_blocks_at_block_edges_and_chunks_smaller_than_a_block_split_as_in_one_thread()
    {
        // Records of one length (12 bytes with their line feed), so block sizes can be chosen to put chunk starts on
        // block edges (a multiple of the chunk's bytes; for CSV, whose data starts after an 8-byte header, 4), inside
        // blocks (one byte more) or make chunks smaller than a block. Each case is checked; all must have occurred.
        var seen = new HashSet<string>();
        Gen.Select(Gen.Int[1, 40], Gen.Int[1, 6], Gen.Int[0, 4], Gen.Int[0, 9], Gen.Bool, Gen.Int[2, 9], Gen.Int[16, 48])
            .Sample((count, chunkRecords, layout, rejectEvery, csv, threads, readSize) =>
            {
                int chunkBytes = 12 * chunkRecords;
                int blockBytes = layout switch
                {
                    0 => chunkBytes,
                    1 => chunkBytes + 1,
                    2 => 4,
                    3 => (3 * chunkBytes) + 5,
                    _ => Math.Max(1, chunkBytes - 7),
                };
                string[] records = Enumerable.Range(0, count)
                    .Select(i => rejectEvery > 0 && i % rejectEvery == rejectEvery - 1
                        ? (csv ? $"x{100 + i},abcdef" : $"{{\"id\":-{100 + i}}}")
                        : (csv ? $"{1000 + i},abcdef" : $"{{\"id\":{1000 + i}}}"))
                    .ToArray();
                byte[] data = csv
                    ? GeneratedInput.Bytes(["id,name", .. records], Enumerable.Repeat("\n", count + 1).ToArray(), trailingNewline: true, bom: false)
                    : GeneratedInput.Bytes(records, Enumerable.Repeat("\n", count).ToArray(), trailingNewline: true, bom: false);
                ChunkPlan plan = SameAsOneThread(data, csv ? InputFormat.Csv : InputFormat.JsonLines, chunkRecords, readSize, threads, blockBytes);
                Assert.Equal(rejectEvery == 0 ? 0 : count / rejectEvery, plan.RejectedRecords);
                foreach (ChunkPlanEntry chunk in plan.Chunks.Skip(1))
                {
                    string format = csv ? "csv" : "json";
                    seen.Add(format + (chunk.ByteStart % blockBytes == 0 ? " start at an edge" : " start inside a block"));
                    if (chunk.Bytes < blockBytes && chunk.ByteStart / blockBytes == (chunk.ByteEnd - 1) / blockBytes)
                    {
                        seen.Add(format + " chunk inside a block");
                    }
                }
            }, iter: 300);

        string[] expected = [.. from format in new[] { "csv", "json" } from what in new[] { " start at an edge", " start inside a block", " chunk inside a block" } select format + what];
        Assert.Equal(expected.Order(), seen.Order());
    }

    private static ChunkPlan SameAsOneThread(byte[] data, InputFormat format, int chunkRecords, int readSize, int threads, int blockBytes)
    {
        var store = new InMemoryObjectStore();
        store.Put(s_input, data);
        var options = new SplitOptions
        {
            ChunkRecords = chunkRecords,
            Scanner = new RecordScannerOptions { MaxRecordBytes = 64, ReadSize = readSize },
            MaxRejectRawBytes = 24,
            FirstErrorsInReport = 3,
            HashBlockBytes = blockBytes,
        };
        (byte[] onePlan, byte[] oneRejects, byte[] oneReport) = Split(store, format, options with { Threads = 1 }, "one");
        (byte[] manyPlan, byte[] manyRejects, byte[] manyReport) = Split(store, format, options with { Threads = threads, MinRangeBytes = 1 }, "many");

        Assert.Equal(Encoding.UTF8.GetString(onePlan), Encoding.UTF8.GetString(manyPlan));
        Assert.Equal(Encoding.UTF8.GetString(oneRejects), Encoding.UTF8.GetString(manyRejects));
        Assert.Equal(Encoding.UTF8.GetString(oneReport), Encoding.UTF8.GetString(manyReport));
        return JsonSerializer.Deserialize(onePlan, HybridBatchJson.Default.ChunkPlan)!;
    }

    private static (byte[] Plan, byte[] Rejects, byte[] Report) Split(InMemoryObjectStore store, InputFormat format, SplitOptions options, string workBucket)
    {
        var request = new SplitRequest(s_input, TestSchemas.IdAndName, format, workBucket, options, new GateOptions { MaxErrorRate = 1 })
        {
            StageChunks = false,
        };
        SplitResult result = new SplitRun(store, null, TimeProvider.System).ExecuteAsync(request, CancellationToken.None).GetAwaiter().GetResult();
        var layout = new RunLayout(workBucket, result.Summary.RunId);
        // When and how long are the only facts of a report that may differ.
        ValidationReport report = result.Report with { StartedAt = DateTimeOffset.UnixEpoch, DurationSeconds = 0 };
        return (store.Get(layout.Plan), store.Get(layout.Rejects), JsonSerializer.SerializeToUtf8Bytes(report, HybridBatchJson.Default.ValidationReport));
    }
}
