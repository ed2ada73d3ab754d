using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using HybridBatch.Core.Parquet;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;
using HybridBatch.Core.Validation;
using Parquet;
using Parquet.Schema;
using Xunit.Abstractions;

namespace HybridBatch.Core.Tests.Parquet;

/// <summary>
/// Seeded property test over random row-group sizes and chunk sizes: the plan's chunks are whole row groups that
/// cover the file in order, and a worker that processes one chunk alone publishes exactly that chunk's rows, in
/// order, with their values, having read only the footer and that chunk's bytes.
/// </summary>
public sealed class ParquetChunkPropertyTests(ITestOutputHelper output)
{
    private const int BaseSeed = 18_2026;
    private const int Trials = 24;
    private static readonly ObjectLocation s_input = new("in", "drop/rows.parquet");
    private static readonly byte[] s_schema = """{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":["string","null"]},"score":{"type":["number","null"]}},"required":["id"]}"""u8.ToArray();

    [Fact]
    public async Task Chunks_are_whole_row_groups_and_a_worker_alone_publishes_exactly_its_rows()
    {
        for (int trial = 0; trial < Trials; trial++)
        {
            int seed = BaseSeed + trial;
            output.WriteLine($"seed {seed}");
            try
            {
                await RunTrialAsync(seed);
            }
            catch (Exception failure)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: {failure.Message}\n{failure}");
            }
        }
    }

    private static async Task RunTrialAsync(int seed)
    {
        var random = new Random(seed);
        int[] groupRows = Enumerable.Range(0, random.Next(1, 9)).Select(_ => random.Next(1, 300)).ToArray();
        int chunkRecords = random.Next(1, 700);
        int totalRows = groupRows.Sum();
        Row[] rows = Enumerable.Range(0, totalRows).Select(i => Row.Random(random, i)).ToArray();
        byte[] file = await WriteAsync(rows, groupRows);

        var store = new RecordingStore();
        store.Inner.Put(s_input, file);
        RecordSchema schema = RecordSchema.Load(s_schema, "rows");
        SplitResult split = await new SplitRun(store, null, TimeProvider.System).ExecuteAsync(
            new SplitRequest(s_input, schema, InputFormat.Detect(s_input.Key), "work", new SplitOptions { ChunkRecords = chunkRecords }, new GateOptions()),
            CancellationToken.None);

        Assert.True(split.Summary.GatePassed, string.Join("; ", split.Summary.GateReasons));
        Assert.Equal(totalRows, split.Plan.TotalRecords);
        Assert.Equal(RecordFormat.Parquet, split.Plan.Format);

        // Whole row groups, in order, covering the file; as many as fit in chunkRecords (or one larger group).
        int nextGroup = 0;
        long nextIndex = 0;
        foreach (ChunkPlanEntry chunk in split.Plan.Chunks)
        {
            Assert.Equal(nextGroup, chunk.FirstRowGroup);
            int count = chunk.RowGroups!.Value;
            long rowsInChunk = groupRows.Skip(nextGroup).Take(count).Sum();
            Assert.Equal(rowsInChunk, chunk.Records);
            Assert.Equal(nextIndex, chunk.StartIndex);
            Assert.Equal(nextIndex + rowsInChunk, chunk.EndIndex);
            Assert.True(count == 1 || rowsInChunk <= chunkRecords, $"chunk {chunk.ChunkId} has {rowsInChunk} rows in {count} groups, over {chunkRecords}");
            if (nextGroup + count < groupRows.Length)
            {
                Assert.True(rowsInChunk + groupRows[nextGroup + count] > chunkRecords, $"chunk {chunk.ChunkId} stopped before a row group that fits");
            }

            nextGroup += count;
            nextIndex += rowsInChunk;
        }

        Assert.Equal(groupRows.Length, nextGroup);

        int footerStart = file.Length - 8 - BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        foreach (ChunkPlanEntry chunk in split.Plan.Chunks)
        {
            store.Reads.Clear();
            var sinks = new MemorySinkFactory();
            ChunkResult result = await new ProcessChunkRun(store, sinks, new ProcessOptions(), TimeProvider.System).ExecuteAsync(
                new ProcessChunkRequest { WorkBucket = "work", RunId = split.Plan.RunId, ChunkId = chunk.ChunkId, Route = Route.Lambda, Worker = "test" },
                CancellationToken.None);

            Assert.Equal(ChunkStatus.Succeeded, result.Status);
            List<(string Key, string Value, long Index)> messages = sinks.Sinks[chunk.ChunkId].Messages;
            Assert.Equal(Enumerable.Range((int)chunk.StartIndex, (int)chunk.Records).Select(i => (long)i), messages.Select(m => m.Index));
            foreach ((_, string value, long index) in messages)
            {
                rows[index].AssertIs(value);
            }

            foreach ((long start, long end) in store.Reads)
            {
                bool inChunk = start >= chunk.ByteStart && end <= chunk.ByteEnd;
                bool inFooter = start >= footerStart && end <= file.Length;
                bool magic = start >= 0 && end <= 4;
                Assert.True(inChunk || inFooter || magic,
                    $"chunk {chunk.ChunkId} [{chunk.ByteStart}, {chunk.ByteEnd}) read bytes [{start}, {end}) of the input (footer from {footerStart})");
            }
        }
    }

    private static async Task<byte[]> WriteAsync(Row[] rows, int[] groupRows)
    {
        var id = new DataField<long>("id");
        var name = new DataField<string>("name", nullable: true);
        var score = new DataField<double?>("score");
        var memory = new MemoryStream();
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, name, score), memory))
        {
            int at = 0;
            foreach (int count in groupRows)
            {
                Row[] group = rows[at..(at + count)];
                using (ParquetRowGroupWriter rowGroup = writer.CreateRowGroup())
                {
                    await rowGroup.WriteAsync(id, (ReadOnlyMemory<long>)group.Select(r => r.Id).ToArray());
                    await rowGroup.WriteAsync(name, group.Select(r => r.Name).ToArray());
                    await rowGroup.WriteAsync(score, (ReadOnlyMemory<double?>)group.Select(r => r.Score).ToArray());
                }

                at += count;
            }
        }

        return memory.ToArray();
    }

    private sealed record Row(long Id, string? Name, double? Score)
    {
        public static Row Random(Random random, int index) => new(
            random.NextInt64(long.MinValue, long.MaxValue),
            random.Next(5) == 0 ? null : $"row {index} \"q\" é{(random.Next(3) == 0 ? "\n" : "")}",
            random.Next(4) == 0 ? null : Math.Round((random.NextDouble() - 0.5) * 1e6, random.Next(0, 8)));

        public void AssertIs(string json)
        {
            using JsonDocument message = JsonDocument.Parse(json);
            JsonElement root = message.RootElement;
            Assert.Equal(Id, root.GetProperty("id").GetInt64());
            JsonElement name = root.GetProperty("name");
            Assert.Equal(Name, name.ValueKind == JsonValueKind.Null ? null : name.GetString());
            JsonElement score = root.GetProperty("score");
            Assert.Equal(Score, score.ValueKind == JsonValueKind.Null ? null : double.Parse(score.GetRawText(), CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The in-memory store, recording every ranged read of the input.</summary>
    private sealed class RecordingStore : IObjectStore
    {
        public InMemoryObjectStore Inner { get; } = new();

        public List<(long Start, long End)> Reads { get; } = [];

        public Task<ObjectInfo?> StatAsync(ObjectLocation location, CancellationToken cancellationToken) => Inner.StatAsync(location, cancellationToken);

        public Task<Stream> OpenReadAsync(ObjectLocation location, long start, long end, string? expectedVersion, CancellationToken cancellationToken)
        {
            if (location == s_input)
            {
                Reads.Add((start, end));
            }

            return Inner.OpenReadAsync(location, start, end, expectedVersion, cancellationToken);
        }

        public Task<Stream> OpenWriteAsync(ObjectLocation location, CancellationToken cancellationToken) => Inner.OpenWriteAsync(location, cancellationToken);

        public Task WriteAsync(ObjectLocation location, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => Inner.WriteAsync(location, content, cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken) => Inner.ListAsync(bucket, prefix, cancellationToken);
    }
}
