using Amazon.S3.Model;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Handlers;

/// <summary>The split through the real <c>bootstrap</c>: the size limit that hands an object to the Batch validation job; zstd input.</summary>
[Collection(FunctionWorldCollection.Name)]
public sealed class SplitHandlerTests(FunctionWorld world)
{
    [Fact]
    public async Task An_object_over_the_limit_is_not_read_and_the_answer_asks_for_the_batch_validation()
    {
        string incoming = await world.Emulator.CreateBucketAsync();
        string work = await world.Emulator.CreateBucketAsync();
        await world.PutSampleAsync(incoming, FunctionWorld.SampleKey);
        var settings = new Dictionary<string, string>
        {
            ["S3_BUCKET"] = work,
            ["LAMBDA_SPLIT_MAX_BYTES"] = "26114",
            ["MAP_MAX_CONCURRENCY"] = "7",
            ["TOLERATED_FAILURE_PERCENTAGE"] = "12.5",
        };

        Invoked invoked = await world.InvokeAsync("split", $$"""{ "bucket": "{{incoming}}", "key": "{{FunctionWorld.SampleKey}}", "format": "jsonl" }""", settings);

        System.Text.Json.JsonElement split = invoked.Response("split over the limit");
        Assert.True(split.GetProperty("needsBatchValidation").GetBoolean());
        Assert.False(split.GetProperty("gatePassed").GetBoolean());
        Assert.Contains("Batch", split.GetProperty("gateReasons")[0].GetString());
        Assert.Equal(0, split.GetProperty("chunks").GetInt32());
        Assert.Equal(26_115, split.GetProperty("objectBytes").GetInt64());
        Assert.Equal(7, split.GetProperty("maxConcurrency").GetInt32());
        Assert.Equal(12.5, split.GetProperty("toleratedFailurePercentage").GetDouble());
        Assert.Equal("orders", split.GetProperty("schema").GetString());
        Assert.Equal("jsonl", split.GetProperty("format").GetString());
        string runId = split.GetProperty("runId").GetString()!;
        Assert.StartsWith("orders-sample-", runId, StringComparison.Ordinal);
        Assert.Equal($"runs/{runId}/chunks.json", split.GetProperty("chunkItemsKey").GetString());
        ListObjectsV2Response written = await world.Emulator.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = work });
        Assert.Empty(written.S3Objects ?? []);

        // At the limit exactly, the same object is split here.
        Invoked within = await world.InvokeAsync("split", $$"""{ "bucket": "{{incoming}}", "key": "{{FunctionWorld.SampleKey}}" }""",
            new Dictionary<string, string> { ["S3_BUCKET"] = work, ["LAMBDA_SPLIT_MAX_BYTES"] = "26115" });
        Assert.False(within.Response("split at the limit").GetProperty("needsBatchValidation").GetBoolean());
        Assert.Equal(runId, within.Json.GetProperty("runId").GetString());
    }

    [Fact]
    public async Task Without_a_schema_in_the_event_or_SCHEMA_any_well_formed_value_is_accepted_and_the_answer_names_none()
    {
        string incoming = await world.Emulator.CreateBucketAsync();
        string work = await world.Emulator.CreateBucketAsync();
        await world.Emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = incoming, Key = "mixed.jsonl", ContentBody = "{\"a\":\"<&>\"}\n[2]\n\"three\"\nnull\n{\"a\":1,\"a\":2}\n" });

        Invoked invoked = await world.InvokeAsync("split", $$"""{ "bucket": "{{incoming}}", "key": "mixed.jsonl" }""",
            new Dictionary<string, string> { ["S3_BUCKET"] = work, ["SCHEMA"] = "", ["MAX_ERROR_RATE"] = "0.5" });

        System.Text.Json.JsonElement split = invoked.Response("split without a schema");
        Assert.Equal(4, split.GetProperty("validRecords").GetInt64());
        Assert.Equal(1, split.GetProperty("rejectedRecords").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, split.GetProperty("schema").ValueKind);
        Assert.Contains(invoked.Lines, line => line.Contains(HybridBatch.Core.Schema.RecordSchema.NoSchemaNotice, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_zst_object_is_decompressed_checked_and_staged_per_chunk_by_the_native_binary()
    {
        string incoming = await world.Emulator.CreateBucketAsync();
        string work = await world.Emulator.CreateBucketAsync();
        byte[] sample = await File.ReadAllBytesAsync(FunctionWorld.SampleFile);
        using (var compressor = new ZstdSharp.Compressor(3))
        {
            compressor.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            byte[] zst = [.. compressor.Wrap(sample[..1000]), .. compressor.Wrap(sample[1000..])];
            await world.Emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = incoming, Key = "2025/03/orders-sample.jsonl.zst", InputStream = new MemoryStream(zst) });
            byte[] cut = zst[..(zst.Length - 10)];
            await world.Emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = incoming, Key = "2025/03/cut.jsonl.zst", InputStream = new MemoryStream(cut) });
        }

        var settings = new Dictionary<string, string> { ["S3_BUCKET"] = work, ["CHUNK_RECORDS"] = "50" };
        Invoked invoked = await world.InvokeAsync("split", $$"""{ "bucket": "{{incoming}}", "key": "2025/03/orders-sample.jsonl.zst", "schema": "orders" }""", settings);

        System.Text.Json.JsonElement split = invoked.Response("split of a .zst");
        Assert.False(split.GetProperty("needsBatchValidation").GetBoolean());
        Assert.Equal(120, split.GetProperty("totalRecords").GetInt64());
        Assert.Equal(3, split.GetProperty("chunks").GetInt32());
        string runId = split.GetProperty("runId").GetString()!;
        ListObjectsV2Response staged = await world.Emulator.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = work, Prefix = $"runs/{runId}/chunks/" });
        Assert.Equal(3, staged.S3Objects?.Count ?? 0);
        long stagedBytes = staged.S3Objects!.Sum(o => o.Size ?? 0);
        Assert.Equal(sample.Length, stagedBytes);

        Invoked truncated = await world.InvokeAsync("split", $$"""{ "bucket": "{{incoming}}", "key": "2025/03/cut.jsonl.zst", "schema": "orders" }""", settings);
        System.Text.Json.JsonElement failed = truncated.Response("split of a truncated .zst");
        Assert.False(failed.GetProperty("gatePassed").GetBoolean());
        Assert.Contains("zstd: the stream is truncated", failed.GetProperty("gateReasons")[0].GetString());
    }
}
