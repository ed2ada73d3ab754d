using System.Text;
using HybridBatch.Adapters.Aws;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Adapters.Tests.Emulator;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Validation;
using HybridBatch.MockKafka;

namespace HybridBatch.Adapters.Tests.Kafka;

/// <summary>
/// A file in the S3 emulator, split and processed chunk by chunk to the Kafka mock cluster, one chunk failing
/// mid-way and retried: read_committed sees exactly the valid records, once, with their keys and headers.
/// </summary>
[Collection(EmulatorCollection.Name)]
public class S3ToKafkaRunTests : IClassFixture<MockClusterFixture>
{
    private const int Records = 60;
    private static readonly RecordSchema s_schema = RecordSchema.Load(Encoding.UTF8.GetBytes("""
        { "type": "object", "required": ["id", "customer"], "additionalProperties": false,
          "properties": { "id": { "type": "integer" }, "customer": { "type": "string" } } }
        """), "keyed");

    private readonly EmulatorFixture _emulator;
    private readonly MockClusterFixture _kafka;

    public S3ToKafkaRunTests(EmulatorFixture emulator, MockClusterFixture kafka)
    {
        _emulator = emulator;
        _kafka = kafka;
    }

    [Fact]
    public async Task Valid_records_reach_kafka_once_with_keys_and_headers_even_after_a_failed_attempt()
    {
        string bucket = await _emulator.CreateBucketAsync();
        var store = new S3ObjectStore(_emulator.S3, new S3ObjectStoreOptions { ReadPartBytes = 128 });
        var input = new ObjectLocation(bucket, "drop/keyed.jsonl");
        string[] lines = Enumerable.Range(0, Records)
            .Select(i => i % 7 == 3 ? $"{{\"id\":\"{i}\",\"customer\":\"c{i % 4}\"}}" : $"{{\"id\":{i},\"customer\":\"c{i % 4}\"}}")
            .ToArray();
        await store.WriteAsync(input, Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), CancellationToken.None);
        SplitResult split = await new SplitRun(store, staging: null, TimeProvider.System).ExecuteAsync(
            new SplitRequest(input, s_schema, InputFormat.JsonLines, bucket, new SplitOptions { ChunkRecords = 20 }, new GateOptions { MaxErrorRate = 0.5 }),
            CancellationToken.None);
        string topic = _kafka.NewTopic(partitions: 4);
        using var kafka = new KafkaSinkFactory(_kafka.Settings(topic));
        var options = new ProcessOptions { KeyField = "customer", BatchMessages = 4 };

        await Assert.ThrowsAsync<IOException>(() => Process(store, new FailingAfter(kafka, batches: 2), options, bucket, split.Summary.RunId, chunk: 1, attempt: 1));
        foreach (ChunkPlanEntry chunk in split.Plan.Chunks)
        {
            await Process(store, kafka, options, bucket, split.Summary.RunId, chunk.ChunkId, attempt: chunk.ChunkId == 1 ? 2 : 1);
        }

        IReadOnlyList<ConsumedMessage> messages = _kafka.ReadBack(topic);
        long[] expected = Enumerable.Range(0, Records).Where(i => i % 7 != 3).Select(i => (long)i).ToArray();
        Assert.Equal(expected, messages.Select(m => long.Parse(m.Headers["recordIndex"])).Order());
        foreach (ConsumedMessage message in messages)
        {
            long index = long.Parse(message.Headers["recordIndex"]);
            Assert.Equal(lines[index], Encoding.UTF8.GetString(message.Value));
            Assert.Equal($"c{index % 4}", Encoding.UTF8.GetString(message.Key));
            Assert.Equal(split.Summary.RunId, message.Headers["runId"]);
            Assert.Equal(input.ToString(), message.Headers["source"]);
        }
    }

    private static Task<ChunkResult> Process(IObjectStore store, IRecordSinkFactory sinks, ProcessOptions options, string bucket, string runId, int chunk, int attempt) =>
        new ProcessChunkRun(store, sinks, options, TimeProvider.System).ExecuteAsync(
            new ProcessChunkRequest { WorkBucket = bucket, RunId = runId, ChunkId = chunk, Route = Route.Lambda, Attempt = attempt, Worker = "test" },
            CancellationToken.None);

    /// <summary>Hands the real sink through, then fails the chunk after a number of batches (a crash mid-chunk).</summary>
    private sealed class FailingAfter(IRecordSinkFactory inner, int batches) : IRecordSinkFactory
    {
        public string Destination => inner.Destination;

        public async ValueTask<IRecordSink> CreateAsync(ChunkContext context, CancellationToken cancellationToken) =>
            new Sink(await inner.CreateAsync(context, cancellationToken), batches);

        private sealed class Sink(IRecordSink inner, int batches) : IRecordSink
        {
            private int _written;

            public async ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken)
            {
                if (_written++ == batches)
                {
                    throw new IOException("worker died mid-chunk");
                }

                await inner.WriteAsync(batch, cancellationToken);
            }

            public ValueTask<ChunkCheckpoint?> RecoverAsync(CancellationToken cancellationToken) => inner.RecoverAsync(cancellationToken);

            public ValueTask CommitStepAsync(ChunkCheckpoint reached, CancellationToken cancellationToken) => inner.CommitStepAsync(reached, cancellationToken);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
