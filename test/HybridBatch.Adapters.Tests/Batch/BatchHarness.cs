using HybridBatch.Adapters.Batch;
using HybridBatch.Adapters.Signing;
using HybridBatch.Adapters.Storage;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Adapters.Tests.Batch;

/// <summary>
/// The fake Batch endpoint, a <see cref="BatchApiClient"/> signed with the test credentials, a local object store
/// in a temp folder, a hand-moved clock, and the two use cases wired to them. Backoff waits are recorded, not slept.
/// </summary>
internal sealed class BatchHarness : IAsyncDisposable
{
    public const string RunId = "orders-2024-0a1b2c3d4e5f";

    private readonly TempFolder _folder = new();

    public BatchHarness(int maxAttempts = 5, PollChunkJobOptions? pollOptions = null, AwsCredentials? credentials = null, DelegatingHandler? tamper = null)
    {
        Endpoint = new FakeBatchEndpoint(Clock);
        Http = tamper is null ? new HttpClient() : new HttpClient(tamper);
        Options = new BatchApiClientOptions
        {
            Region = FakeBatchEndpoint.Region,
            Endpoint = Endpoint.Url,
            MaxAttempts = maxAttempts,
            BaseDelay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(1),
            Jitter = () => 0.5,
            Delay = (delay, _) =>
            {
                lock (Delays)
                {
                    Delays.Add(delay);
                }

                return Task.CompletedTask;
            },
        };
        Client = new BatchApiClient(Http, Options, new FixedCredentialsProvider(credentials ?? FakeBatchEndpoint.Credentials), Clock);
        Submit = new SubmitChunkJob(Client);
        Poll = new PollChunkJob(Client, Store, Clock, pollOptions);
    }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public FakeBatchEndpoint Endpoint { get; }

    public HttpClient Http { get; }

    public BatchApiClientOptions Options { get; }

    public BatchApiClient Client { get; }

    public LocalObjectStore Store { get; } = new();

    public string WorkBucket => _folder.Path;

    public List<TimeSpan> Delays { get; } = [];

    public SubmitChunkJob Submit { get; }

    public PollChunkJob Poll { get; }

    public static SubmitChunkJobRequest Request(int chunkId = 7, string queue = FakeBatchEndpoint.Queue) => new()
    {
        RunId = RunId,
        Chunk = new ChunkPlanEntry
        {
            ChunkId = chunkId,
            StartIndex = 2_100_000,
            EndIndex = 2_400_000,
            ByteStart = 420_000_000,
            ByteEnd = 480_000_000,
            Records = 300_000,
            Bytes = 60_000_000,
            Rejected = 0,
            FirstLine = 2_100_001,
        },
        Route = new RouteDecision
        {
            ChunkId = chunkId,
            Route = Route.Batch,
            Policy = RoutingPolicy.Threshold,
            Reason = "300000 records > threshold 290000",
            Records = 300_000,
            EstimatedSeconds = 120,
            EstimatedCostUsd = 0.01,
            Vcpus = 4,
            MemoryMiB = 8192,
            Alternative = new RouteEstimate(Route.Lambda, 900, 0.02, 1, 3008),
        },
        Bucket = "incoming",
        Key = "2025/03/orders.jsonl",
        JobQueue = queue,
        JobDefinition = FakeBatchEndpoint.Definition,
    };

    public PollChunkJobRequest PollRequest(string jobId, int chunkId = 7) => new()
    {
        JobId = jobId,
        RunId = RunId,
        ChunkId = chunkId,
        WorkBucket = WorkBucket,
    };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Endpoint.DisposeAsync();
        _folder.Dispose();
    }
}
