using HybridBatch.Adapters.Tests.Support;
using System.Text;
using System.Text.Json;
using Amazon.SQS.Model;
using HybridBatch.Adapters.Aws;
using HybridBatch.Adapters.Sqs;
using HybridBatch.Adapters.Tests.Emulator;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Validation;

namespace HybridBatch.Adapters.Tests.Sqs;

/// <summary>The use cases end to end on the emulator: a file in S3, split, every chunk to SQS, aggregate.</summary>
[Collection(EmulatorCollection.Name)]
public class S3ToSqsRunTests
{
    private const int Records = 23;
    private static readonly RecordSchema s_schema = RecordSchema.Load(Encoding.UTF8.GetBytes("""
        {
          "type": "object",
          "required": ["id", "customer"],
          "additionalProperties": false,
          "properties": {
            "id": { "type": "integer", "minimum": 0 },
            "customer": { "type": "string" },
            "amount": { "type": "number" }
          }
        }
        """), "small-orders");

    private readonly EmulatorFixture _emulator;

    public S3ToSqsRunTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_valid_record_lands_on_the_queue_once_with_its_attributes(bool fifo)
    {
        string bucket = await _emulator.CreateBucketAsync();
        string queue = await _emulator.CreateQueueAsync(fifo);
        var store = new S3ObjectStore(_emulator.S3, new S3ObjectStoreOptions { ReadPartBytes = 64, ReadConcurrency = 3 });
        var input = new ObjectLocation(bucket, "drop/orders.jsonl");
        (string[] lines, HashSet<int> invalid) = Lines();
        await store.WriteAsync(input, Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), CancellationToken.None);
        var sinks = new SqsSinkFactory(_emulator.Sqs, new SqsSinkOptions { QueueUrl = queue, GroupField = fifo ? "customer" : null });

        SplitSummary summary = await SplitAsync(store, input, bucket);
        foreach (int chunk in Enumerable.Range(0, summary.Chunks))
        {
            await ProcessAsync(store, sinks, bucket, summary.RunId, chunk);
        }

        if (fifo)
        {
            // A retried chunk republishes the same identities: the FIFO queue drops the duplicates.
            await ProcessAsync(store, sinks, bucket, summary.RunId, 0, attempt: 2);
        }

        List<Message> received = await DrainAsync(queue);
        RunReport report = await new AggregateRun(store, TimeProvider.System).ExecuteAsync(bucket, summary.RunId, sinks.Destination, 0, CancellationToken.None);

        Assert.Equal(5, summary.Chunks);
        List<(long Index, Message Message)> byIndex = [.. received.Select(m => (long.Parse(m.MessageAttributes["recordIndex"].StringValue), m)).OrderBy(p => p.Item1)];
        Assert.Equal(Enumerable.Range(0, Records).Where(i => !invalid.Contains(i)).Select(i => (long)i), byIndex.Select(p => p.Index));
        foreach ((long index, Message message) in byIndex)
        {
            Assert.Equal(lines[index], message.Body);
            Assert.Equal(summary.RunId, message.MessageAttributes["runId"].StringValue);
            Assert.Equal(input.ToString(), message.MessageAttributes["source"].StringValue);
            Assert.Equal($"{summary.RunId}:{index}", message.MessageAttributes["key"].StringValue);
            Assert.Equal($"{summary.RunId}:{index}", message.MessageAttributes[SqsMessageAttributes.Identity].StringValue);
            if (fifo)
            {
                Assert.Equal(Customer(index), message.Attributes["MessageGroupId"]);
                Assert.Equal($"{summary.RunId}:{index}", message.Attributes["MessageDeduplicationId"]);
            }
        }

        Assert.Equal(RunStatus.Succeeded, report.Status);
        Assert.Equal(Records, report.TotalRecords);
        Assert.Equal(Records - invalid.Count, report.Published);
        Assert.Equal(invalid.Count, report.Rejected);
        Assert.Equal(report.TotalRecords, report.Published + report.Rejected);
        Assert.Equal(SqsSinkFactory.Name, report.Destination);
    }

    [Fact]
    public async Task An_object_overwritten_between_split_and_process_fails_the_chunk()
    {
        string bucket = await _emulator.CreateBucketAsync();
        string queue = await _emulator.CreateQueueAsync(fifo: false);
        var store = new S3ObjectStore(_emulator.S3);
        var input = new ObjectLocation(bucket, "drop/orders.jsonl");
        (string[] lines, _) = Lines();
        await store.WriteAsync(input, Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), CancellationToken.None);
        var sinks = new SqsSinkFactory(_emulator.Sqs, new SqsSinkOptions { QueueUrl = queue });
        SplitSummary summary = await SplitAsync(store, input, bucket);

        await store.WriteAsync(input, Encoding.UTF8.GetBytes(string.Join('\n', lines.Reverse()) + "\n"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<ObjectChangedException>(() => ProcessAsync(store, sinks, bucket, summary.RunId, 1));
        Assert.StartsWith("object changed", error.Message);
        Assert.Empty(await DrainAsync(queue));
        ChunkResult stored = JsonSerializer.Deserialize(await store.ReadAllAsync(new RunLayout(bucket, summary.RunId).Result(1), CancellationToken.None), Core.HybridBatchJson.Default.ChunkResult)!;
        Assert.Equal(ChunkStatus.Failed, stored.Status);
    }

    [Fact]
    public async Task A_record_sqs_refuses_fails_the_chunk_naming_it()
    {
        string queue = await _emulator.CreateQueueAsync(fifo: false);
        var sinks = new SqsSinkFactory(_emulator.Sqs, new SqsSinkOptions { QueueUrl = queue, MaxAttempts = 2 });
        await using IRecordSink sink = await sinks.CreateAsync(new ChunkContext("run-1", 0, "b/k", 1), CancellationToken.None);
        var batch = new MessageBatch();
        batch.Add("k0"u8, "{\"id\":0}"u8, 0);
        // U+FFFF is valid UTF-8 and valid JSON text, but not a character SQS accepts in a body.
        batch.Add("k1"u8, Encoding.UTF8.GetBytes("{\"id\":1,\"note\":\"\uffff\"}"), 1);

        await sink.WriteAsync(batch, CancellationToken.None);
        var error = await Assert.ThrowsAsync<SqsPublishException>(() => sink.CommitStepAsync(Checkpoints.Step(new ChunkContext("run", 0, "src", 1)), CancellationToken.None).AsTask());

        Assert.Equal([1L], error.RecordIndexes);
        Assert.Equal("InvalidMessageContents", error.ErrorCode);
        Message delivered = Assert.Single(await DrainAsync(queue));
        Assert.Equal("{\"id\":0}", delivered.Body);
    }

    private static (string[] Lines, HashSet<int> Invalid) Lines()
    {
        HashSet<int> invalid = [4, 11, 19];
        string[] lines = [.. Enumerable.Range(0, Records).Select(i => invalid.Contains(i)
            ? $"{{\"id\":\"not-a-number-{i}\",\"customer\":\"{Customer(i)}\"}}"
            : $"{{\"id\":{i},\"customer\":\"{Customer(i)}\",\"amount\":{i}.5}}")];
        return (lines, invalid);
    }

    private static string Customer(long index) => $"cust-{index % 3}";

    private static async Task<SplitSummary> SplitAsync(IObjectStore store, ObjectLocation input, string bucket)
    {
        SplitResult result = await new SplitRun(store, staging: null, TimeProvider.System).ExecuteAsync(
            new SplitRequest(input, s_schema, InputFormat.JsonLines, bucket, new SplitOptions { ChunkRecords = 5 }, new GateOptions { MaxErrorRate = 0.2 }),
            CancellationToken.None);
        Assert.True(result.Summary.GatePassed, string.Join("; ", result.Summary.GateReasons));
        return result.Summary;
    }

    private static Task<ChunkResult> ProcessAsync(IObjectStore store, IRecordSinkFactory sinks, string bucket, string runId, int chunkId, int attempt = 1) =>
        new ProcessChunkRun(store, sinks, new ProcessOptions { BatchMessages = 4 }, TimeProvider.System).ExecuteAsync(
            new ProcessChunkRequest { WorkBucket = bucket, RunId = runId, ChunkId = chunkId, Route = Route.Lambda, Worker = "test", Attempt = attempt },
            CancellationToken.None);

    /// <summary>Receives until the queue answers empty, deleting what it got.</summary>
    private async Task<List<Message>> DrainAsync(string queue)
    {
        var all = new List<Message>();
        while (true)
        {
            ReceiveMessageResponse page = await _emulator.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queue,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 0,
                VisibilityTimeout = 60,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["All"],
            });
            if (page.Messages is not { Count: > 0 })
            {
                return all;
            }

            all.AddRange(page.Messages);
            DeleteMessageBatchResponse deleted = await _emulator.Sqs.DeleteMessageBatchAsync(queue,
                [.. page.Messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(), m.ReceiptHandle))]);
            Assert.Empty(deleted.Failed ?? []);
        }
    }
}
