using HybridBatch.Adapters.Tests.Support;
using System.Text;
using System.Text.Json;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Tests.Sinks;

public class LocalSinkTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task File_sink_writes_envelopes_when_the_chunk_completes()
    {
        var factory = LocalSinkFactory.Create(LocalSinkFactory.File, _folder.Path);
        var context = new ChunkContext("run-1", 4, "in/x.jsonl", 1);
        await using (IRecordSink sink = await factory.CreateAsync(context, CancellationToken.None))
        {
            await sink.WriteAsync(Batch(("k1", "{\"a\":1}", 10), ("run-1:11", "{\"a\":[2]}", 11)), CancellationToken.None);
            Assert.Empty(Directory.GetFiles(_folder.Path, "*.jsonl"));
            await sink.CommitStepAsync(Checkpoints.Step(context, nextIndex: 12, published: 2), CancellationToken.None);
        }

        string[] lines = await File.ReadAllLinesAsync(Path.Combine(_folder.Path, "chunk-00004.step-00000.jsonl"));
        Assert.Equal(2, lines.Length);
        using JsonDocument first = JsonDocument.Parse(lines[0]);
        Assert.Equal("k1", first.RootElement.GetProperty("key").GetString());
        Assert.Equal(1, first.RootElement.GetProperty("value").GetProperty("a").GetInt32());
        JsonElement headers = first.RootElement.GetProperty("headers");
        Assert.Equal("run-1", headers.GetProperty("runId").GetString());
        Assert.Equal("10", headers.GetProperty("recordIndex").GetString());
        Assert.Equal("in/x.jsonl", headers.GetProperty("source").GetString());
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.partial*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task File_sink_leaves_nothing_when_the_chunk_does_not_complete()
    {
        var factory = LocalSinkFactory.Create(LocalSinkFactory.File, _folder.Path);
        await using (IRecordSink sink = await factory.CreateAsync(new ChunkContext("run-1", 0, "x", 1), CancellationToken.None))
        {
            await sink.WriteAsync(Batch(("k", "{}", 0)), CancellationToken.None);
        }

        Assert.Empty(Directory.GetFiles(_folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task File_sink_parts_hold_every_batch_whole_and_in_order()
    {
        // Steps of several MiB written straight through (the part has no buffer of its own), with batches smaller and
        // larger than the 1 MiB buffer it used to have, one value alone larger than that: a part must still be its
        // batches' envelopes, whole and in order, and an uncommitted step that already wrote must leave nothing.
        var context = new ChunkContext("run-7", 3, "in/big.jsonl", 1);
        var factory = LocalSinkFactory.Create(LocalSinkFactory.File, _folder.Path);
        int[][] steps = [[700_000, 1_900_000, 2_500_000, 300_000, 5_200_000, 100], [3_000_000, 3_000_000], [1]];
        var expected = new List<byte[]>();
        long index = 0;
        await using (IRecordSink sink = await factory.CreateAsync(context, CancellationToken.None))
        {
            for (int step = 0; step < steps.Length; step++)
            {
                var part = new MemoryStream();
                foreach (int valueBytes in steps[step])
                {
                    MessageBatch batch = LargeBatch(index, valueBytes);
                    index += batch.Count;
                    part.Write(new EnvelopeWriter(context).Render(batch).Span);
                    await sink.WriteAsync(batch, CancellationToken.None);
                }

                expected.Add(part.ToArray());
                await sink.CommitStepAsync(Checkpoints.Step(context, step: step + 1, nextIndex: index, published: index), CancellationToken.None);
            }
        }

        for (int step = 0; step < steps.Length; step++)
        {
            Assert.Equal(expected[step], await File.ReadAllBytesAsync(Path.Combine(_folder.Path, FileSink.PartName(3, step))));
        }

        await using (IRecordSink abandoned = await factory.CreateAsync(new ChunkContext("run-7", 4, "in/big.jsonl", 1), CancellationToken.None))
        {
            await abandoned.WriteAsync(LargeBatch(0, 9_000_000), CancellationToken.None);
        }

        Assert.Empty(Directory.GetFiles(_folder.Path, "chunk-00004*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.partial*", SearchOption.AllDirectories));
    }

    // Messages of about 1,000 value bytes each (one message when valueBytes is smaller), valueBytes in all.
    private static MessageBatch LargeBatch(long firstIndex, int valueBytes)
    {
        var batch = new MessageBatch();
        int left = valueBytes;
        for (long index = firstIndex; left > 0; index++)
        {
            int length = Math.Min(left, valueBytes > 5_000_000 ? valueBytes : 1_000);
            string value = "{\"n\":\"" + new string((char)('a' + (index % 26)), Math.Max(0, length - 8)) + "\"}";
            batch.Add(Encoding.UTF8.GetBytes($"run-7:{index}"), Encoding.UTF8.GetBytes(value), index);
            left -= length;
        }

        return batch;
    }

    [Fact]
    public void Unknown_destination_names_the_valid_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => LocalSinkFactory.Create("kafka", null));

        Assert.Contains("file, stdout, discard", error.Message);
    }

    private static MessageBatch Batch(params (string Key, string Value, long Index)[] messages)
    {
        var batch = new MessageBatch();
        foreach ((string key, string value, long index) in messages)
        {
            batch.Add(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value), index);
        }

        return batch;
    }

    public void Dispose() => _folder.Dispose();
}
