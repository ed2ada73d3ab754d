using System.Security.Cryptography;
using Amazon.S3;
using HybridBatch.Adapters.Aws;
using HybridBatch.Adapters.Tests.Emulator;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Tests.Aws;

[Collection(EmulatorCollection.Name)]
public class S3ObjectStoreTests
{
    private readonly EmulatorFixture _emulator;

    public S3ObjectStoreTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
    }

    [Fact]
    public async Task Ranges_read_back_exactly_with_many_small_parts_in_flight()
    {
        var counting = new CountingHttpClientFactory();
        AmazonS3Config config = _emulator.Endpoints.CreateS3Config();
        config.HttpClientFactory = counting;
        using var client = new AmazonS3Client(_emulator.Credentials, config);
        var store = new S3ObjectStore(client, new S3ObjectStoreOptions { ReadPartBytes = 1_000, ReadConcurrency = 4 });
        var location = new ObjectLocation(await _emulator.CreateBucketAsync(), "in/data.bin");
        byte[] content = RandomNumberGenerator.GetBytes(100_003);
        await store.WriteAsync(location, content, CancellationToken.None);

        ObjectInfo info = (await store.StatAsync(location, CancellationToken.None))!;

        Assert.Equal(content.Length, info.Size);
        Assert.StartsWith("etag:", info.Version);
        foreach ((int start, int end) in new[] { (0, content.Length), (1, 12_345), (999, 1_001), (content.Length - 1, content.Length), (5, 5), (content.Length, content.Length) })
        {
            await using Stream range = await store.OpenReadAsync(location, start, end, info.Version, CancellationToken.None);
            Assert.Equal(content[start..end], await ReadAllAsync(range, chunk: 777));
        }

        Assert.True(counting.Gets >= 101, $"expected one GET per 1,000-byte part, saw {counting.Gets}");
        Assert.InRange(counting.MaxConcurrentGets, 2, 4);
    }

    [Fact]
    public async Task Synchronous_reads_get_the_same_bytes()
    {
        var store = new S3ObjectStore(_emulator.S3, new S3ObjectStoreOptions { ReadPartBytes = 1_000, ReadConcurrency = 3 });
        var location = new ObjectLocation(await _emulator.CreateBucketAsync(), "in/sync.bin");
        byte[] content = RandomNumberGenerator.GetBytes(10_001);
        await store.WriteAsync(location, content, CancellationToken.None);
        ObjectInfo info = (await store.StatAsync(location, CancellationToken.None))!;

        using Stream range = await store.OpenReadAsync(location, 10, 9_990, info.Version, CancellationToken.None);
        var copy = new MemoryStream();
        byte[] buffer = new byte[333];
        int read;
        while ((read = range.Read(buffer, 0, buffer.Length)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        Assert.Equal(content[10..9_990], copy.ToArray());
    }

    [Fact]
    public async Task A_large_object_goes_up_in_parts_and_reads_back_identical()
    {
        var store = new S3ObjectStore(_emulator.S3, new S3ObjectStoreOptions { UploadPartBytes = 5 * S3ObjectStoreOptions.MiB, ReadPartBytes = 3 * S3ObjectStoreOptions.MiB });
        var location = new ObjectLocation(await _emulator.CreateBucketAsync(), "big/object.bin");
        byte[] content = RandomNumberGenerator.GetBytes(17 * S3ObjectStoreOptions.MiB + 123);

        await using (Stream writing = await store.OpenWriteAsync(location, CancellationToken.None))
        {
            for (int offset = 0; offset < content.Length; offset += 1 << 20)
            {
                await writing.WriteAsync(content.AsMemory(offset, Math.Min(1 << 20, content.Length - offset)));
            }

            Assert.Null(await store.StatAsync(location, CancellationToken.None));
        }

        ObjectInfo info = (await store.StatAsync(location, CancellationToken.None))!;
        await using Stream read = await store.OpenReadAsync(location, 0, info.Size, info.Version, CancellationToken.None);

        Assert.Equal(content.Length, info.Size);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAllAsync(read, chunk: 1 << 16)));
        // A multipart ETag ends in -<parts>: the object did go up in parts.
        Assert.EndsWith("-4\"", info.Version);
    }

    [Fact]
    public async Task A_failed_part_aborts_the_multipart_upload_and_leaves_no_object()
    {
        var faults = new PartFailingHttpClientFactory(failingPart: 2);
        AmazonS3Config config = _emulator.Endpoints.CreateS3Config();
        config.HttpClientFactory = faults;
        config.MaxErrorRetry = 0;
        using var client = new AmazonS3Client(_emulator.Credentials, config);
        var store = new S3ObjectStore(client, new S3ObjectStoreOptions { UploadPartBytes = 5 * S3ObjectStoreOptions.MiB });
        var location = new ObjectLocation(await _emulator.CreateBucketAsync(), "big/failed.bin");
        Stream writing = await store.OpenWriteAsync(location, CancellationToken.None);
        await writing.WriteAsync(new byte[11 * S3ObjectStoreOptions.MiB]);

        var error = await Assert.ThrowsAsync<S3StoreException>(() => writing.DisposeAsync().AsTask());

        Assert.Equal("UploadPart", error.Operation);
        Assert.Equal("InternalError", error.ErrorCode);
        Assert.Contains($"s3://{location}", error.Message);
        Assert.Equal(1, faults.Aborts);
        Assert.Null(await store.StatAsync(location, CancellationToken.None));
    }

    [Fact]
    public async Task Small_write_streams_become_one_object()
    {
        var store = new S3ObjectStore(_emulator.S3);
        var location = new ObjectLocation(await _emulator.CreateBucketAsync(), "runs/r/plan.json");

        await using (Stream writing = await store.OpenWriteAsync(location, CancellationToken.None))
        {
            await writing.WriteAsync("{\"chunks\":"u8.ToArray());
            await writing.WriteAsync("[]}"u8.ToArray());
        }

        Assert.Equal("{\"chunks\":[]}"u8.ToArray(), await store.ReadAllAsync(location, CancellationToken.None));
    }

    [Fact]
    public async Task Lists_every_page_in_ordinal_order()
    {
        var store = new S3ObjectStore(_emulator.S3, new S3ObjectStoreOptions { ListPageSize = 3 });
        string bucket = await _emulator.CreateBucketAsync();
        string[] keys = [.. Enumerable.Range(0, 10).Select(i => $"runs/a/results/chunk-{(i * 7) % 10:D5}.json")];
        foreach (string key in keys.Append("runs/b/other.json").Append("runs/a/plan.json"))
        {
            await store.WriteAsync(new ObjectLocation(bucket, key), "1"u8.ToArray(), CancellationToken.None);
        }

        IReadOnlyList<string> listed = await store.ListAsync(bucket, "runs/a/results/", CancellationToken.None);

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed);
        Assert.Empty(await store.ListAsync(bucket, "nothing/", CancellationToken.None));
    }

    [Fact]
    public async Task An_object_overwritten_after_stat_fails_a_pinned_read_with_object_changed()
    {
        var store = new S3ObjectStore(_emulator.S3);
        var location = new ObjectLocation(await _emulator.CreateBucketAsync(), "in.jsonl");
        await store.WriteAsync(location, "{\"a\":1}\n"u8.ToArray(), CancellationToken.None);
        ObjectInfo before = (await store.StatAsync(location, CancellationToken.None))!;
        await store.WriteAsync(location, "{\"a\":2}\n"u8.ToArray(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<ObjectChangedException>(() => store.OpenReadAsync(location, 0, 4, before.Version, CancellationToken.None));

        Assert.StartsWith("object changed", error.Message);
        Assert.Equal(before.Version, error.ExpectedVersion);
        Assert.Equal((await store.StatAsync(location, CancellationToken.None))!.Version, error.ActualVersion);
        await Assert.ThrowsAsync<ObjectChangedException>(() => store.OpenReadAsync(location, 3, 3, before.Version, CancellationToken.None));
    }

    [Fact]
    public async Task An_object_overwritten_mid_read_fails_a_later_part()
    {
        var store = new S3ObjectStore(_emulator.S3, new S3ObjectStoreOptions { ReadPartBytes = 1_000, ReadConcurrency = 1 });
        var location = new ObjectLocation(await _emulator.CreateBucketAsync(), "in.bin");
        await store.WriteAsync(location, RandomNumberGenerator.GetBytes(10_000), CancellationToken.None);
        ObjectInfo before = (await store.StatAsync(location, CancellationToken.None))!;
        await using Stream reading = await store.OpenReadAsync(location, 0, before.Size, before.Version, CancellationToken.None);

        await store.WriteAsync(location, RandomNumberGenerator.GetBytes(10_000), CancellationToken.None);

        var error = await Assert.ThrowsAsync<ObjectChangedException>(() => ReadAllAsync(reading, chunk: 4096));
        Assert.StartsWith("object changed", error.Message);
    }

    [Fact]
    public async Task A_deleted_object_fails_a_pinned_read_and_stats_as_missing()
    {
        var store = new S3ObjectStore(_emulator.S3);
        var location = new ObjectLocation(await _emulator.CreateBucketAsync(), "gone.jsonl");
        await store.WriteAsync(location, "x\n"u8.ToArray(), CancellationToken.None);
        ObjectInfo before = (await store.StatAsync(location, CancellationToken.None))!;
        await _emulator.S3.DeleteObjectAsync(location.Bucket, location.Key);

        var error = await Assert.ThrowsAsync<ObjectChangedException>(() => store.OpenReadAsync(location, 0, 2, before.Version, CancellationToken.None));

        Assert.Null(error.ActualVersion);
        Assert.Null(await store.StatAsync(location, CancellationToken.None));
    }

    [Fact]
    public async Task Errors_name_the_s3_error_code_and_the_object()
    {
        var store = new S3ObjectStore(_emulator.S3);
        var location = new ObjectLocation("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8], "a/b.json");

        var error = await Assert.ThrowsAsync<S3StoreException>(() => store.WriteAsync(location, "{}"u8.ToArray(), CancellationToken.None));

        Assert.Equal("NoSuchBucket", error.ErrorCode);
        Assert.Contains($"s3://{location}", error.Message);
        Assert.Contains("NoSuchBucket", error.Message);
    }

    [Fact]
    public async Task A_range_past_the_end_is_refused()
    {
        var store = new S3ObjectStore(_emulator.S3);
        var location = new ObjectLocation(await _emulator.CreateBucketAsync(), "short.txt");
        await store.WriteAsync(location, "abc"u8.ToArray(), CancellationToken.None);
        ObjectInfo info = (await store.StatAsync(location, CancellationToken.None))!;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await using Stream read = await store.OpenReadAsync(location, 0, 10, info.Version, CancellationToken.None);
            await ReadAllAsync(read, chunk: 16);
        });
    }

    [Fact]
    public void Options_name_the_bad_setting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new S3ObjectStore(_emulator.S3, new S3ObjectStoreOptions { UploadPartBytes = 1 << 20 }));
        Assert.Equal("UploadPartBytes", error.ParamName);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, int chunk)
    {
        var all = new MemoryStream();
        byte[] buffer = new byte[chunk];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        return all.ToArray();
    }
}
