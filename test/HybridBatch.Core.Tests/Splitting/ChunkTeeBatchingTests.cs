using System.IO.Hashing;
using System.Text;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>
/// The scanner hands a chunk's bytes to its hash and staging a buffer at a time rather than a record at a time; the
/// plain answer is the bytes of the chunk's range. Seeded random inputs (blank lines, CRLF, a BOM, rejects) split with
/// random chunk sizes and read sizes: each chunk's hash and staged copy must be exactly its range, and ranges must tile.
/// </summary>
public class ChunkTeeBatchingTests
{
    [Theory]
    [InlineData(RecordFormat.JsonLines)]
    [InlineData(RecordFormat.Csv)]
    public async Task Each_chunk_hashes_and_stages_exactly_the_bytes_of_its_range(RecordFormat format)
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        for (int round = 0; round < 40; round++)
        {
            byte[] data = RandomInput(random, format);
            int chunkRecords = 1 + random.Next(12);
            int readSize = 16 + random.Next(300);
            int step = random.Next(2) == 0 ? int.MaxValue : 1 + random.Next(64);
            var staging = new MemoryStaging();
            InputFormat input = format == RecordFormat.Csv ? InputFormat.Csv : InputFormat.JsonLines;

            SplitOutcome outcome = await SplitterTests.Split(data, input, chunkRecords, staging: staging, readSize: readSize, maxRecordBytes: 256, step: step);

            string where = $"seed {seed}, round {round}, chunk records {chunkRecords}, read size {readSize}, step {step}";
            Assert.True(outcome.StructuralErrors.Count == 0, $"{where}: {string.Join("; ", outcome.StructuralErrors)}");
            for (int i = 0; i < outcome.Chunks.Count; i++)
            {
                ChunkPlanEntry chunk = outcome.Chunks[i];
                byte[] range = data.AsSpan((int)chunk.ByteStart, (int)chunk.Bytes).ToArray();
                Assert.True(
                    chunk.ContentHashes!.SequenceEqual([ChunkContentHash.Format(XxHash3.HashToUInt64(range))]),
                    $"{where}: chunk {i} [{chunk.ByteStart}, {chunk.ByteEnd}) hash differs");
                Assert.True(staging.Staged[chunk.ChunkId].AsSpan().SequenceEqual(range), $"{where}: chunk {i} staged bytes differ");
                if (i > 0)
                {
                    Assert.Equal(outcome.Chunks[i - 1].ByteEnd, chunk.ByteStart);
                }
            }

            Assert.Equal(data.Length, outcome.Chunks.Count == 0 ? data.Length : outcome.Chunks[^1].ByteEnd);
        }
    }

    /// <summary>Lines of valid and invalid records, with blank lines, CRLF and maybe a BOM; CSV starts with its header.</summary>
    private static byte[] RandomInput(Random random, RecordFormat format)
    {
        var text = new StringBuilder();
        if (format == RecordFormat.Csv)
        {
            text.Append("id,name\n");
        }

        int lines = 1 + random.Next(60);
        for (int line = 0; line < lines; line++)
        {
            int id = random.Next(4) == 0 ? -1 : random.Next(1000);
            string name = new string('x', random.Next(40)) + (random.Next(5) == 0 ? "é" : "");
            text.Append(format == RecordFormat.Csv ? $"{id},{name}" : $"{{\"id\":{id},\"name\":\"{name}\"}}");
            text.Append(random.Next(4) == 0 ? "\r\n" : "\n");
            if (format == RecordFormat.JsonLines && random.Next(6) == 0)
            {
                text.Append(random.Next(2) == 0 ? "\n" : "  \n");
            }
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        return random.Next(3) == 0 ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }
}
