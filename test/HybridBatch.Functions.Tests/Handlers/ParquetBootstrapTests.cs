using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using HybridBatch.Core.Generation;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Handlers;

/// <summary>
/// Parquet through the real Native AOT <c>bootstrap</c> (the Lambda path): the split reads the footer and every row
/// group over ranged GETs on the S3 emulator, and process-chunk publishes one chunk's rows. This is the measurement
/// behind the README's "where Parquet runs".
/// </summary>
[Collection(FunctionWorldCollection.Name)]
public sealed class ParquetBootstrapTests(FunctionWorld world)
{
    private const string Key = "2025/03/orders-sample.parquet";

    [Fact]
    public async Task The_aot_bootstrap_splits_a_parquet_object_by_row_group_and_publishes_a_chunk()
    {
        string incoming = await world.Emulator.CreateBucketAsync();
        string work = await world.Emulator.CreateBucketAsync();
        byte[] parquet = await OrdersParquetAsync(rowGroupRows: 50);
        await world.Emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = incoming, Key = Key, InputStream = new MemoryStream(parquet) });
        var settings = new Dictionary<string, string> { ["S3_BUCKET"] = work, ["RECORD_DESTINATION"] = "discard" };

        Invoked split = await world.InvokeAsync("split", $$"""{ "bucket": "{{incoming}}", "key": "{{Key}}", "schema": "orders" }""", settings);

        JsonElement answer = split.Response("split of a Parquet object");
        Assert.False(answer.GetProperty("needsBatchValidation").GetBoolean());
        Assert.True(answer.GetProperty("gatePassed").GetBoolean(), answer.GetRawText());
        Assert.Equal(120, answer.GetProperty("totalRecords").GetInt64());
        string runId = answer.GetProperty("runId").GetString()!;
        using GetObjectResponse items = await world.Emulator.S3.GetObjectAsync(work, answer.GetProperty("chunkItemsKey").GetString());
        JsonArray chunks = JsonNode.Parse(items.ResponseStream)!.AsArray();
        Assert.Single(chunks);
        JsonNode chunk = chunks[0]!;
        Assert.Equal(0, chunk["firstRowGroup"]!.GetValue<int>());
        Assert.Equal(3, chunk["rowGroups"]!.GetValue<int>());

        JsonNode processEvent = JsonNode.Parse(SampleEvents.Read("process-chunk.json"))!;
        processEvent["runId"] = runId;
        processEvent["workBucket"] = work;
        processEvent["chunk"] = chunk.DeepClone();
        Invoked processed = await world.InvokeAsync("process-chunk", processEvent.ToJsonString(), settings);

        JsonElement result = processed.Response("process-chunk of a Parquet chunk");
        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        Assert.Equal(120 - chunk["rejected"]!.GetValue<long>(), result.GetProperty("published").GetInt64());
    }

    /// <summary>The sample orders (the same 120 records the JSON Lines tests use) as Parquet.</summary>
    private static async Task<byte[]> OrdersParquetAsync(int rowGroupRows)
    {
        using var output = new MemoryStream();
        await using FileStream lines = File.OpenRead(FunctionWorld.SampleFile);
        await ParquetTableWriter.WriteAsync(lines, ParquetTableWriter.Columns(SampleData.Open("orders").Span), output, rowGroupRows, CancellationToken.None);
        return output.ToArray();
    }
}
