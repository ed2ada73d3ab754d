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
