using HybridBatch.Adapters.Tests.Support;
using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.SQS;
using HybridBatch.Adapters.Sqs;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Settings;

namespace HybridBatch.Adapters.Tests.Sqs;

/// <summary>The SQS sink against a fake endpoint that fails entries and requests on purpose.</summary>
public sealed class SqsSinkRetryTests : IAsyncLifetime
{
    private static readonly ChunkContext s_context = new("orders-abc123", 4, "in/drop/orders.jsonl", 1);
    private readonly FakeSqsEndpoint _fake = new();
    private AmazonSQSClient _client = null!;

    public Task InitializeAsync()
    {
        // No SDK retries: the sink's own retries are what is under test.
        var config = new AmazonSQSConfig { ServiceURL = _fake.Url.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
        _client = new AmazonSQSClient(new BasicAWSCredentials("test", "test"), config);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Failed_entries_are_resent_alone_until_they_succeed()
    {
        _fake.EntryOutcome = (index, seen) => (index, seen) switch
        {
            (3 or 7, 1) or (12, < 3) => new FakeFailure("InternalError", "try again", SenderFault: false),
            _ => null,
        };

        await PublishAsync(Records(25), Options());

        Assert.All(Enumerable.Range(0, 25), i => Assert.Equal(1, _fake.DeliveriesOf(i)));
        Assert.All(Enumerable.Range(0, 25).Except([3, 7, 12]), i => Assert.Equal(1, _fake.SendsOf(i)));
        Assert.Equal(2, _fake.SendsOf(3));
        Assert.Equal(2, _fake.SendsOf(7));
        Assert.Equal(3, _fake.SendsOf(12));
        // 3 first sends of 10, 10 and 5; then the failed ones in their own batches: {3, 7}, {12}, then {12} again.
        Assert.Equal(25 + 4, _fake.Requests.Sum(r => r.Entries.Count));
        Assert.Contains(_fake.Requests, r => r.Entries.Select(e => e.RecordIndex).SequenceEqual([3L, 7L]));
    }

    [Fact]
    public async Task Each_resend_reaches_the_log_with_its_chunk_attempt_and_error_code()
    {
        _fake.EntryOutcome = (index, seen) => index == 4 && seen < 3 ? new FakeFailure("ThrottlingException", "slow down", SenderFault: false) : null;
        var log = new RecordingLog();

        await PublishAsync(Records(8), Options(), messagesPerBatch: 8, log);

        Assert.All(Enumerable.Range(0, 8), i => Assert.Equal(1, _fake.DeliveriesOf(i)));
        Assert.Equal(3, _fake.SendsOf(4));
        Assert.Collection(log.Lines,
            first => Assert.Equal(new object?[] { 4, 1, 1, "ThrottlingException" }, first.Values),
            second => Assert.Equal(new object?[] { 4, 1, 2, "ThrottlingException" }, second.Values));
        Assert.All(log.Lines, line => Assert.Equal(HybridBatch.Core.Logging.LogLevel.Warning, line.Level));
    }

    [Fact]
    public async Task An_entry_that_always_fails_fails_the_chunk_naming_its_record_after_the_last_attempt()
    {
        _fake.EntryOutcome = (index, _) => index == 5 ? new FakeFailure("InternalError", "queue is on fire", SenderFault: false) : null;

        var error = await Assert.ThrowsAsync<SqsPublishException>(() => PublishAsync(Records(12), Options()));

        Assert.Equal([5L], error.RecordIndexes);
        Assert.Equal("InternalError", error.ErrorCode);
        Assert.Contains("record 5: InternalError: queue is on fire (after 5 attempts)", error.Message);
        Assert.Contains("chunk 4", error.Message);
        Assert.Equal(5, _fake.SendsOf(5));
        Assert.All(Enumerable.Range(0, 12).Where(i => i != 5), i => Assert.Equal(1, _fake.DeliveriesOf(i)));
    }

    [Fact]
    public async Task A_sender_fault_is_permanent_and_never_resent()
    {
        _fake.EntryOutcome = (index, _) => index is 2 or 9 ? new FakeFailure("InvalidMessageContents", "Invalid characters found.", SenderFault: true) : null;

        var error = await Assert.ThrowsAsync<SqsPublishException>(() => PublishAsync(Records(10), Options()));

        Assert.Equal([2L, 9L], error.RecordIndexes);
        Assert.Contains("record 2: InvalidMessageContents", error.Message);
        Assert.Equal(1, _fake.SendsOf(2));
        Assert.Equal(1, _fake.SendsOf(9));
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task A_whole_request_failure_is_retried()
    {
        _fake.RequestOutcome = n => n == 1 ? HttpStatusCode.InternalServerError : null;

        await PublishAsync(Records(10), Options());

        Assert.Equal(2, _fake.Requests.Count);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(1, _fake.DeliveriesOf(i)));
    }

    [Fact]
    public async Task A_request_that_keeps_failing_fails_the_chunk_with_its_error()
    {
        _fake.RequestOutcome = _ => HttpStatusCode.ServiceUnavailable;

        var error = await Assert.ThrowsAsync<SqsPublishException>(() => PublishAsync(Records(3), Options() with { MaxAttempts = 3 }));

        Assert.Equal([0L, 1L, 2L], error.RecordIndexes);
        Assert.Contains("InternalError", error.Message);
        Assert.Contains("(after 3 attempts)", error.Message);
        Assert.Equal(3, _fake.Requests.Count);
    }

    [Fact]
    public async Task Batches_never_exceed_ten_entries_or_one_mebibyte()
    {
        // 5 bodies of 200,000 bytes fit one request; a sixth would pass 1 MiB. Then 40 small ones.
        List<(string Key, string Value)> records = [.. Enumerable.Range(0, 12).Select(i => ($"k{i}", Body(i, 200_000)))];
        records.AddRange(Enumerable.Range(12, 40).Select(i => ($"k{i}", Body(i, 50))));

        await PublishAsync(records, Options());

        Assert.All(_fake.Requests, r => Assert.InRange(r.Entries.Count, 1, 10));
        Assert.All(_fake.Requests, r => Assert.True(r.SqsBytes <= 1_048_576, $"request of {r.SqsBytes} bytes"));
        Assert.Contains(_fake.Requests, r => r.Entries.Count == 10);
        Assert.Contains(_fake.Requests, r => r.Entries.Count == 5 && r.SqsBytes > 1_000_000);
        Assert.All(Enumerable.Range(0, records.Count), i => Assert.Equal(1, _fake.DeliveriesOf(i)));
    }

    [Fact]
    public async Task A_record_over_256_kib_is_sent_as_sqs_takes_up_to_1_mib_by_default()
    {
        // Issue 14, item 9: SQS takes messages up to 1 MiB; the sink refused everything over 256 KiB.
        List<(string Key, string Value)> records = [.. Enumerable.Range(0, 8).Select(i => ($"k{i}", Body(i, i == 6 ? 900_000 : 100)))];

        await PublishAsync(records, Options());

        Assert.Equal(1_048_576, Options().MaxMessageBytes);
        Assert.All(Enumerable.Range(0, records.Count), i => Assert.Equal(1, _fake.DeliveriesOf(i)));
        Assert.All(_fake.Requests, r => Assert.True(r.SqsBytes <= 1_048_576, $"request of {r.SqsBytes} bytes"));
    }

    [Fact]
    public async Task A_record_over_1_mib_fails_the_chunk_naming_it_and_the_setting()
    {
        List<(string Key, string Value)> records = [.. Enumerable.Range(0, 8).Select(i => ($"k{i}", Body(i, i == 6 ? 1_048_576 : 100)))];

        var error = await Assert.ThrowsAsync<SqsPublishException>(() => PublishAsync(records, Options()));

        Assert.Equal([6L], error.RecordIndexes);
        Assert.Equal("MessageTooLarge", error.ErrorCode);
        Assert.Equal(HybridBatch.Core.Failures.FailureClass.ChunkDataFailure, error.FailureClass);
        Assert.Contains("record 6: MessageTooLarge", error.Message);
        Assert.Contains("over the limit of 1048576 (SQS_CORE_MAX_MESSAGE_BYTES)", error.Message);
        Assert.Equal(0, _fake.SendsOf(6));
    }

    [Fact]
    public async Task A_smaller_queue_limit_from_the_setting_fails_a_record_over_it()
    {
        var options = SqsSinkOptions.FromEnvironment(name => name switch
        {
            SqsSinkOptions.QueueVariable => Options().QueueUrl,
            SqsSinkOptions.MaxMessageBytesVariable => "262144",
            _ => null,
        }) with { RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5) };
        List<(string Key, string Value)> records = [.. Enumerable.Range(0, 8).Select(i => ($"k{i}", Body(i, i == 6 ? 262_144 : 100)))];

        var error = await Assert.ThrowsAsync<SqsPublishException>(() => PublishAsync(records, options));

        Assert.Equal(262_144, options.MaxMessageBytes);
        Assert.Equal([6L], error.RecordIndexes);
        Assert.Contains("over the limit of 262144", error.Message);
        Assert.Equal(0, _fake.SendsOf(6));
    }

    [Theory]
    [InlineData("000000000000/orders")]
    [InlineData("000000000000/orders.fifo")]
    public async Task Every_entry_carries_its_identity_and_a_fifo_entry_has_it_as_deduplication_id(string queue)
    {
        await PublishAsync(Records(23), Options() with { QueueUrl = new Uri(_fake.Url, queue).ToString() });

        List<FakeEntry> sent = [.. _fake.Requests.SelectMany(r => r.Entries)];
        Assert.Equal(23, sent.Count);
        Assert.All(sent, e => Assert.Equal($"{s_context.RunId}:{e.RecordIndex}", e.Identity));
        bool fifo = queue.EndsWith(".fifo", StringComparison.Ordinal);
        Assert.All(sent, e => Assert.Equal(fifo ? e.Identity : null, e.DeduplicationId));
    }

    [Fact]
    public async Task The_attributes_count_toward_the_message_limit_to_the_byte()
    {
        // What SQS counts besides the body, measured on the wire by the fake for a record of the same key and index length.
        const int Limit = 4096;
        await PublishAsync([("k0", Body(0, 100))], Options());
        int overhead = _fake.Requests[0].Entries[0].SqsBytes - 100;
        Assert.True(overhead > SqsMessageAttributes.Identity.Length + s_context.RunId.Length, $"attributes count {overhead} bytes");
        await PublishAsync([("k0", Body(0, 100)), ("k1", Body(1, Limit - overhead))], Options() with { MaxMessageBytes = Limit });
        List<(string Key, string Value)> over = [("k0", Body(0, 100)), ("k1", Body(1, 100)), ("k2", Body(2, Limit - overhead + 1))];
        var error = await Assert.ThrowsAsync<SqsPublishException>(() => PublishAsync(over, Options() with { MaxMessageBytes = Limit }));

        FakeEntry exact = Assert.Single(_fake.Requests.SelectMany(r => r.Entries), e => e.RecordIndex == 1 && e.Body.Length > 100);
        Assert.Equal(Limit, exact.SqsBytes);
        Assert.Equal([2L], error.RecordIndexes);
        Assert.Equal("MessageTooLarge", error.ErrorCode);
        Assert.Contains($"the message is {Limit + 1} bytes with its attributes", error.Message);
        Assert.Equal(0, _fake.SendsOf(2));
    }

    [Fact]
    public async Task A_step_commits_only_once_sqs_acknowledged_each_of_its_entries_and_the_sink_goes_on_to_the_next()
    {
        // Entries fail on their first send and every request takes a while: a commit that returned early would see
        // them undelivered.
        _fake.Latency = TimeSpan.FromMilliseconds(20);
        _fake.EntryOutcome = (index, seen) => index % 4 == 1 && seen == 1 ? new FakeFailure("InternalError", "try again", SenderFault: false) : null;
        var factory = new SqsSinkFactory(_client, Options());
        await using IRecordSink sink = await factory.CreateAsync(s_context, CancellationToken.None);

        Assert.Null(await sink.RecoverAsync(CancellationToken.None));
        for (int step = 1; step <= 3; step++)
        {
            int first = (step - 1) * 30;
            await sink.WriteAsync(Batch(first, 30), CancellationToken.None);
            await sink.CommitStepAsync(Checkpoints.Step(s_context, step, nextIndex: first + 30, published: first + 30), CancellationToken.None);

            Assert.All(Enumerable.Range(0, first + 30), i => Assert.Equal(1, _fake.DeliveriesOf(i)));
            Assert.All(Enumerable.Range(first, 30).Where(i => i % 4 == 1), i => Assert.Equal(2, _fake.SendsOf(i)));
        }
    }

    [Fact]
    public async Task A_step_with_an_entry_that_never_gets_through_is_not_committed_and_names_the_record()
    {
        _fake.EntryOutcome = (index, _) => index == 47 ? new FakeFailure("InternalError", "queue is on fire", SenderFault: false) : null;
        var factory = new SqsSinkFactory(_client, Options());
        await using IRecordSink sink = await factory.CreateAsync(s_context, CancellationToken.None);
        await sink.WriteAsync(Batch(0, 30), CancellationToken.None);
        await sink.CommitStepAsync(Checkpoints.Step(s_context, 1, nextIndex: 30, published: 30), CancellationToken.None);
        await sink.WriteAsync(Batch(30, 30), CancellationToken.None);

        var error = await Assert.ThrowsAsync<SqsPublishException>(() =>
            sink.CommitStepAsync(Checkpoints.Step(s_context, 2, nextIndex: 60, published: 60), CancellationToken.None).AsTask());

        Assert.Equal([47L], error.RecordIndexes);
        Assert.Contains("record 47: InternalError", error.Message);
        Assert.True(FailureTaxonomyIsRetried(error), "a record SQS kept failing with a 5xx code must leave the chunk to a retry");
        Assert.All(Enumerable.Range(0, 60).Where(i => i != 47), i => Assert.Equal(1, _fake.DeliveriesOf(i)));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1023")]
    [InlineData("1048577")]
    public void A_message_size_setting_outside_sqs_limits_is_refused_by_name(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => SqsSinkOptions.FromEnvironment(name => name switch
        {
            SqsSinkOptions.QueueVariable => "https://sqs.us-east-1.amazonaws.com/000000000000/orders",
            SqsSinkOptions.MaxMessageBytesVariable => value,
            _ => null,
        }));

        Assert.Equal(SqsSinkOptions.MaxMessageBytesVariable, error.Setting);
        Assert.Equal($"SQS_CORE_MAX_MESSAGE_BYTES must be a whole number from 1024 to 1048576, got '{value}'", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("orders")]
    public void A_missing_or_relative_queue_url_is_refused_by_name(string? queue)
    {
        // A relative URL once passed here and failed later as QueueUrl, a name no user sets.
        var error = Assert.Throws<ConfigurationException>(() => SqsSinkOptions.FromEnvironment(name => name == SqsSinkOptions.QueueVariable ? queue : null));

        Assert.Equal(SqsSinkOptions.QueueVariable, error.Setting);
    }

    [Fact]
    public async Task Requests_in_flight_stay_within_the_limit()
    {
        _fake.Latency = TimeSpan.FromMilliseconds(30);

        await PublishAsync(Records(200), Options() with { MaxInFlightRequests = 3 }, messagesPerBatch: 50);

        Assert.InRange(_fake.MaxInFlight, 2, 3);
        Assert.Equal(20, _fake.Requests.Count);
    }

    private SqsSinkOptions Options() => new()
    {
        QueueUrl = new Uri(_fake.Url, "000000000000/orders").ToString(),
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        RetryMaxDelay = TimeSpan.FromMilliseconds(5),
    };

    private async Task PublishAsync(IReadOnlyList<(string Key, string Value)> records, SqsSinkOptions options, int messagesPerBatch = 7, RecordingLog? log = null)
    {
        var factory = new SqsSinkFactory(_client, options, log);
        await using IRecordSink sink = await factory.CreateAsync(s_context, CancellationToken.None);
        var batch = new MessageBatch(capacityBytes: 1024, capacityMessages: messagesPerBatch);
        for (int i = 0; i < records.Count; i++)
        {
            batch.Add(Encoding.UTF8.GetBytes(records[i].Key), Encoding.UTF8.GetBytes(records[i].Value), i);
            if (batch.Count == messagesPerBatch || i == records.Count - 1)
            {
                await sink.WriteAsync(batch, CancellationToken.None);
                // The batch is reused: the sink must have copied what it sends.
                batch.Clear();
                batch.Add("garbage"u8, "{\"overwritten\":true}"u8, -1);
                batch.Clear();
            }
        }

        await sink.CommitStepAsync(Checkpoints.Step(new ChunkContext("run", 0, "src", 1)), CancellationToken.None);
    }

    private static bool FailureTaxonomyIsRetried(SqsPublishException error) =>
        HybridBatch.Core.Failures.FailureTaxonomy.IsRetried(HybridBatch.Core.Failures.FailureTaxonomy.Classify(error));

    private static MessageBatch Batch(int first, int count)
    {
        var batch = new MessageBatch(capacityBytes: 4096, capacityMessages: count);
        for (int i = first; i < first + count; i++)
        {
            batch.Add(Encoding.UTF8.GetBytes($"key-{i}"), Encoding.UTF8.GetBytes($"{{\"id\":{i}}}"), i);
        }

        return batch;
    }

    private static List<(string Key, string Value)> Records(int count) =>
        [.. Enumerable.Range(0, count).Select(i => ($"key-{i}", $"{{\"id\":{i}}}"))];

    private static string Body(int id, int bytes)
    {
        string head = $"{{\"id\":{id},\"pad\":\"";
        return head + new string('x', bytes - head.Length - 2) + "\"}";
    }
}
