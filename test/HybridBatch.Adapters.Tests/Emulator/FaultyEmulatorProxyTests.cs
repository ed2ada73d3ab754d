using System.Globalization;
using System.Text;
using Amazon.S3;
using HybridBatch.Adapters.Aws;
using HybridBatch.Adapters.Tests.Support;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Storage;
using Xunit.Abstractions;

namespace HybridBatch.Adapters.Tests.Emulator;

/// <summary>The S3 store through a proxy that answers a share of S3 requests with 503 SlowDown or 500 InternalError.</summary>
[Collection(EmulatorCollection.Name)]
public class FaultyEmulatorProxyTests(EmulatorFixture emulator, ITestOutputHelper output)
{
    [Fact]
    public async Task A_share_of_failing_requests_is_absorbed_by_retries_and_every_object_reads_back_intact()
    {
        // HYBRIDBATCH_S3_FAULT_SEED replays a failing run; it is only read, never set.
        string? replay = Environment.GetEnvironmentVariable("HYBRIDBATCH_S3_FAULT_SEED");
        int seed = replay is null ? Random.Shared.Next() : int.Parse(replay, CultureInfo.InvariantCulture);
        string bucket = await emulator.CreateBucketAsync();
        await using var proxy = new FaultyEmulatorProxy(emulator.Endpoint, seed, s3FailureShare: 0.2);
        using IAmazonS3 s3 = Through(proxy);
        var store = new S3ObjectStore(s3, new S3ObjectStoreOptions { ReadPartBytes = 1024, ReadConcurrency = 2 });

        var written = new Dictionary<ObjectLocation, byte[]>();
        for (int i = 0; i < 20; i++)
        {
            var location = new ObjectLocation(bucket, $"runs/r/progress/chunk-{i}.json");
            byte[] content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"{{\"chunk\":{i}}}\n", 300)));
            await RetriedAsync(() => store.WriteAsync(location, content, CancellationToken.None), proxy);
            written[location] = content;
        }

        foreach ((ObjectLocation location, byte[] content) in written)
        {
            ObjectInfo? info = null;
            await RetriedAsync(async () => info = await store.StatAsync(location, CancellationToken.None), proxy);
            Assert.Equal(content.Length, info?.Size);
            var copy = new MemoryStream();
            await RetriedAsync(async () =>
            {
                copy.SetLength(0);
                await using Stream read = await store.OpenReadAsync(location, 100, content.Length, info!.Version, CancellationToken.None);
                await read.CopyToAsync(copy);
            }, proxy);
            Assert.True(content.AsSpan(100).SequenceEqual(copy.ToArray()), $"{location} read back differently; {proxy} (set HYBRIDBATCH_S3_FAULT_SEED={seed} to replay)");
        }

        output.WriteLine($"{proxy}; {_escaped} failed past the SDK's retries and were retried as a chunk would be (set HYBRIDBATCH_S3_FAULT_SEED={seed} to replay)");
        Assert.True(proxy.S3Failures > 0, $"no request failed, the test proved nothing: {proxy}");
    }

    [Fact]
    public async Task Failures_that_outlast_the_retries_are_transient()
    {
        string bucket = await emulator.CreateBucketAsync();
        await using var proxy = new FaultyEmulatorProxy(emulator.Endpoint, seed: 1, s3FailureShare: 1.0);
        using IAmazonS3 s3 = Through(proxy);
        var store = new S3ObjectStore(s3);

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => store.WriteAsync(new ObjectLocation(bucket, "runs/r/results/chunk-0.json"), "{}"u8.ToArray(), CancellationToken.None));

        Assert.Equal(FailureClass.Transient, FailureTaxonomy.Classify(error));
        Assert.True(proxy.S3Failures > 1, $"the SDK did not retry: {proxy}");
        Assert.Equal(proxy.S3Requests, proxy.S3Failures);
    }

    private int _escaped;

    /// <summary>
    /// What a chunk retry does when the SDK's own retries (3 attempts) are not enough: the failure must be transient,
    /// and another attempt completes.
    /// </summary>
    private async Task RetriedAsync(Func<Task> operation, FaultyEmulatorProxy proxy)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await operation();
                return;
            }
            catch (Exception error) when (attempt < 5)
            {
                Assert.True(FailureTaxonomy.Classify(error) == FailureClass.Transient, $"{proxy}: not transient: {error.Message}");
                _escaped++;
            }
        }
    }

    private IAmazonS3 Through(FaultyEmulatorProxy proxy) =>
        (emulator.Endpoints with { S3ServiceUrl = proxy.Url }).CreateS3Client(emulator.Credentials);
}
