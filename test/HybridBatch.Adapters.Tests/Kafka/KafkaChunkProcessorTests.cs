using System.Text;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.MockKafka;

namespace HybridBatch.Adapters.Tests.Kafka;

/// <summary>Core's splitter and chunk processor publishing a JSON Lines file through the Kafka sink to the mock cluster.</summary>
public class KafkaChunkProcessorTests(MockClusterFixture mock) : IClassFixture<MockClusterFixture>
{
    private static readonly RecordSchema s_schema = RecordSchema.Load("""
        {
          "type": "object",
          "required": ["id"],
          "additionalProperties": false,
          "properties": { "id": { "type": "integer", "minimum": 0 }, "name": { "type": "string" } }
        }
        """u8, "id-and-name");

    [Fact]
    public async Task Every_valid_record_of_every_chunk_arrives_once_with_its_identity()
    {
        // 1,000 records, every 10th invalid, in chunks of 300; chunk 1 fails once mid-way and is retried.
        string text = string.Concat(Enumerable.Range(0, 1000).Select(i => i % 10 == 9 ? $"{{\"id\":\"bad\"}}\n" : $"{{\"id\":{i},\"name\":\"n{i}\"}}\n"));
        byte[] data = Encoding.UTF8.GetBytes(text);
        ChunkPlan plan = await PlanAsync(data, chunkRecords: 300);
        string topic = mock.NewTopic(partitions: 4);
        using var factory = new KafkaSinkFactory(mock.Settings(topic));
        var processor = new ChunkProcessor(plan, s_schema, new ProcessOptions { BatchMessages = 50 });

        foreach (ChunkPlanEntry chunk in plan.Chunks)
        {
            if (chunk.ChunkId == 1)
            {
                await Assert.ThrowsAsync<IOException>(() => ProcessAsync(processor, factory, plan, chunk, data, attempt: 1, failAfterBatches: 3));
            }

            ChunkCounts counts = await ProcessAsync(processor, factory, plan, chunk, data, attempt: chunk.ChunkId == 1 ? 2 : 1);
            Assert.Equal(chunk.Records - chunk.Rejected, counts.Published);
        }

        IReadOnlyList<ConsumedMessage> messages = mock.ReadBack(topic);
        long[] expected = Enumerable.Range(0, 1000).Where(i => i % 10 != 9).Select(i => (long)i).ToArray();
        Assert.Equal(expected, messages.Select(m => long.Parse(m.Headers["recordIndex"])).Order());
        ConsumedMessage one = Assert.Single(messages, m => m.Headers["recordIndex"] == "123");
        Assert.Equal("run-e2e:123", Encoding.UTF8.GetString(one.Key));
        Assert.Equal("{\"id\":123,\"name\":\"n123\"}", Encoding.UTF8.GetString(one.Value));
        Assert.Equal("bucket/in.jsonl", one.Headers["source"]);
        Assert.Equal("run-e2e", one.Headers["runId"]);
    }

    private static async Task<ChunkCounts> ProcessAsync(
        ChunkProcessor processor, KafkaSinkFactory factory, ChunkPlan plan, ChunkPlanEntry chunk, byte[] data, int attempt, int? failAfterBatches = null)
    {
        var context = new ChunkContext(plan.RunId, chunk.ChunkId, plan.Source.ToString(), attempt);
        await using IRecordSink sink = await factory.CreateAsync(context, CancellationToken.None);
        int batches = 0;
        Func<long, CancellationToken, ValueTask> onBatch = (_, _) =>
        {
            // A worker that dies between batches (after some of the chunk reached Kafka).
            return ++batches == failAfterBatches ? ValueTask.FromException(new IOException("worker lost")) : ValueTask.CompletedTask;
        };
        byte[] range = data[(int)chunk.ByteStart..(int)Math.Min(chunk.ByteEnd, data.Length)];
        return await processor.ProcessAsync(chunk, new MemoryStream(range), sink, onBatch, CancellationToken.None);
    }

    private static async Task<ChunkPlan> PlanAsync(byte[] data, int chunkRecords)
    {
        var splitter = new Splitter(s_schema, InputFormat.JsonLines, new SplitOptions { ChunkRecords = chunkRecords });
        SplitOutcome outcome = await splitter.SplitAsync(new MemoryStream(data), Stream.Null, staging: null, CancellationToken.None);
        return new ChunkPlan
        {
            RunId = "run-e2e",
            Source = new ObjectLocation("bucket", "in.jsonl"),
            SourceVersion = "v1",
            SourceSize = data.Length,
            Format = HybridBatch.Core.Records.RecordFormat.JsonLines,
            Delimiter = ",",
            Header = outcome.Header,
            Schema = s_schema.Name,
            ChunkRecords = chunkRecords,
            MaxRecordBytes = 1 << 20,
            TotalRecords = outcome.TotalRecords,
            ValidRecords = outcome.ValidRecords,
            RejectedRecords = outcome.RejectedRecords,
            Chunks = outcome.Chunks,
        };
    }
}
