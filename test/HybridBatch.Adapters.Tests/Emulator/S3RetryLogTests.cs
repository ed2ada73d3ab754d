using Amazon.S3;
using HybridBatch.Adapters.Aws;
using HybridBatch.Adapters.Tests.Support;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Tests.Emulator;

/// <summary>
/// The AWS SDK's own retries of S3 requests reach the logging port, each with its attempt number: a proxy in front of
/// the S3 emulator answers every request with 503 or 500, so every attempt after the first is a retry the SDK made.
/// </summary>
[Collection(EmulatorCollection.Name)]
public class S3RetryLogTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task Each_retry_the_sdk_makes_is_logged_with_its_attempt_number()
    {
        string bucket = await emulator.CreateBucketAsync();
        await using var proxy = new FaultyEmulatorProxy(emulator.Endpoint, seed: 1, s3FailureShare: 1.0);
        var log = new RecordingLog();
        using IAmazonS3 s3 = (emulator.Endpoints with { S3ServiceUrl = proxy.Url }).CreateS3Client(emulator.Credentials, log);
        var store = new S3ObjectStore(s3);

        await Assert.ThrowsAnyAsync<Exception>(() => store.WriteAsync(new ObjectLocation(bucket, "runs/r/progress/chunk-0.json"), "{}"u8.ToArray(), CancellationToken.None));

        // One line per request after the first, numbered 2, 3, ...: the proxy saw every attempt.
        int[] attempts = log.Lines.Select(line => Convert.ToInt32(line.Values[2], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(proxy.S3Requests > 1, $"the SDK did not retry: {proxy}");
        Assert.Equal(Enumerable.Range(2, proxy.S3Requests - 1), attempts);
        Assert.All(log.Lines, line =>
        {
            Assert.Equal(LogLevel.Warning, line.Level);
            Assert.Equal("S3", line.Values[0]);
            Assert.Equal("PutObject", line.Values[1]);
        });
    }

    [Fact]
    public async Task A_client_without_a_log_attached_logs_nothing_to_another_clients_log()
    {
        string bucket = await emulator.CreateBucketAsync();
        await using var proxy = new FaultyEmulatorProxy(emulator.Endpoint, seed: 2, s3FailureShare: 1.0);
        var log = new RecordingLog();
        using IAmazonS3 logged = (emulator.Endpoints with { S3ServiceUrl = proxy.Url }).CreateS3Client(emulator.Credentials, log);
        using IAmazonS3 silent = (emulator.Endpoints with { S3ServiceUrl = proxy.Url }).CreateS3Client(emulator.Credentials);

        await Assert.ThrowsAnyAsync<Exception>(() => new S3ObjectStore(silent).WriteAsync(new ObjectLocation(bucket, "k"), "{}"u8.ToArray(), CancellationToken.None));

        Assert.True(proxy.S3Requests > 1, $"the SDK did not retry: {proxy}");
        Assert.Empty(log.Lines);
    }
}
