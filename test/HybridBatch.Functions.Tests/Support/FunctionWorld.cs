using Amazon.S3.Model;
using HybridBatch.Adapters.Tests.Batch;
using HybridBatch.Adapters.Tests.Emulator;

namespace HybridBatch.Functions.Tests.Support;

/// <summary>
/// What the handlers talk to, for real: the S3/SQS emulator (fauxqs, real AWS protocols) and the Batch endpoint
/// that checks every SigV4 signature, plus the settings that point a <c>bootstrap</c> at them. Holds the sample
/// object the files in <c>events/</c> are about, in the buckets they name.
/// </summary>
public sealed class FunctionWorld : IAsyncLifetime
{
    public const string IncomingBucket = "hybridbatch-incoming";
    public const string WorkBucket = "hybridbatch-work";
    public const string SampleKey = "2025/03/orders-sample.jsonl";

    private readonly EmulatorFixture _emulator = new();
    private FakeBatchEndpoint? _batch;

    internal EmulatorFixture Emulator => _emulator;

    internal FakeBatchEndpoint Batch => _batch ?? throw new InvalidOperationException("not initialised");

    public string QueueUrl { get; private set; } = "";

    public static string SampleFile => Path.Combine(BootstrapBinary.RepositoryRoot(), "test", "fixtures", "functions", "orders-sample.jsonl");

    public async Task InitializeAsync()
    {
        await _emulator.InitializeAsync();
        _batch = new FakeBatchEndpoint(TimeProvider.System);
        await _emulator.S3.PutBucketAsync(IncomingBucket);
        await _emulator.S3.PutBucketAsync(WorkBucket);
        await PutSampleAsync(IncomingBucket, SampleKey);
        QueueUrl = await _emulator.CreateQueueAsync(fifo: false);
    }

    public async Task DisposeAsync()
    {
        if (_batch is not null)
        {
            await _batch.DisposeAsync();
        }

        await _emulator.DisposeAsync();
    }

    /// <summary>Uploads the sample input (orders, 120 records, one invalid) and returns its ETag as S3 gives it.</summary>
    public async Task<string> PutSampleAsync(string bucket, string key)
    {
        PutObjectResponse put = await _emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = SampleFile });
        return put.ETag;
    }

    /// <summary>Fresh buckets with the sample object, so a test's run is its own; the split's answer for it.</summary>
    public async Task<SampleRun> NewSplitRunAsync(IReadOnlyDictionary<string, string>? overrides = null)
    {
        string incoming = await _emulator.CreateBucketAsync();
        string work = await _emulator.CreateBucketAsync();
        await PutSampleAsync(incoming, SampleKey);
        var settings = new Dictionary<string, string>(overrides ?? new Dictionary<string, string>()) { ["S3_BUCKET"] = work };
        Invoked split = await InvokeAsync("split", $$"""{ "bucket": "{{incoming}}", "key": "{{SampleKey}}", "schema": "orders" }""", settings);
        return new SampleRun(incoming, work, split.Response("split of a new run").GetProperty("runId").GetString()!, split);
    }

    /// <summary>
    /// events/process-chunk.json, for another run: the sample object's single chunk, routed to Lambda.
    /// </summary>
    public static string ProcessChunkEvent(SampleRun run, int chunkId = 0) => SampleEvents.Read("process-chunk.json")
        .Replace("orders-sample-6202a9ce40c0", run.RunId, StringComparison.Ordinal)
        .Replace(WorkBucket, run.WorkBucket, StringComparison.Ordinal)
        .Replace("\"chunkId\": 0", $"\"chunkId\": {chunkId}", StringComparison.Ordinal);

    /// <summary>The settings a deployed function would have, pointing at the emulator and the fake Batch.</summary>
    public Dictionary<string, string> Settings(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["AWS_REGION"] = FakeBatchEndpoint.Region,
            ["AWS_ACCESS_KEY_ID"] = FakeBatchEndpoint.Credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = FakeBatchEndpoint.Credentials.SecretAccessKey,
            ["AWS_ENDPOINT_URL_S3"] = _emulator.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_SQS"] = _emulator.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_BATCH"] = Batch.Url.ToString(),
            ["S3_BUCKET"] = WorkBucket,
            ["SCHEMA"] = "orders",
            ["RECORD_DESTINATION"] = "sqs_core",
            ["SQS_CORE_QUEUE"] = QueueUrl,
            ["BATCH_JOB_QUEUE"] = FakeBatchEndpoint.Queue,
            ["BATCH_PROCESSING_JOB_DEFINITION"] = FakeBatchEndpoint.Definition,
            ["BATCH_VALIDATION_JOB_DEFINITION"] = FakeBatchEndpoint.ValidationDefinition,
            ["POWERTOOLS_SERVICE_NAME"] = "hybridbatch-test",
        };
        foreach (KeyValuePair<string, string> pair in overrides ?? new Dictionary<string, string>())
        {
            settings[pair.Key] = pair.Value;
        }

        return settings;
    }

    /// <summary>Starts <c>bootstrap</c> as <paramref name="handler"/>, invokes it once with <paramref name="eventJson"/>, and stops it.</summary>
    public async Task<Invoked> InvokeAsync(string handler, string eventJson, IReadOnlyDictionary<string, string>? overrides = null, TimeSpan? timeLeft = null)
    {
        using var api = new FakeRuntimeApi();
        await using BootstrapProcess bootstrap = await BootstrapProcess.StartAsync(api, handler, Settings(overrides));
        api.Enqueue("req-" + handler, eventJson, timeLeft ?? TimeSpan.FromMinutes(1), traceId: "Root=1-67c2f5a0-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1");
        RecordedAnswer answer = await api.NextAnswerAsync(TimeSpan.FromSeconds(60));

        // The loop logs this line after posting: everything the invocation wrote is on stdout by then.
        await bootstrap.WaitForLineAsync(line => line.Contains("\"message\":\"Invocation req-" + handler + " finished", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        return new Invoked(answer, bootstrap);
    }
}
