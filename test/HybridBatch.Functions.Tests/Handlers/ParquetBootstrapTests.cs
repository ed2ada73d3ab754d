using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using HybridBatch.Generation;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Handlers;

/// <summary>
/// Parquet and the real Native AOT <c>bootstrap</c>. Parquet.Net fails Native AOT analysis (IL3053 at publish), so
/// the Lambda split does not read a Parquet object: it answers <c>needsBatchValidation</c> without writing anything,
/// and the router sends every Parquet chunk to Batch; the JIT-compiled CLI reads Parquet there.
/// </summary>
[Collection(FunctionWorldCollection.Name)]
public sealed class ParquetBootstrapTests(FunctionWorld world)
{
    private const string Key = "2025/03/orders-sample.parquet";

    [Fact]
    public async Task The_lambda_split_hands_a_parquet_object_to_the_batch_validation_job()
    {
        string incoming = await world.Emulator.CreateBucketAsync();
        string work = await world.Emulator.CreateBucketAsync();
        await world.Emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = incoming, Key = Key, InputStream = new MemoryStream(await OrdersParquetAsync(rowGroupRows: 50)) });

        Invoked split = await world.InvokeAsync("split", $$"""{ "bucket": "{{incoming}}", "key": "{{Key}}", "schema": "orders" }""",
            new Dictionary<string, string> { ["S3_BUCKET"] = work });

        JsonElement answer = split.Response("split of a Parquet object");
        Assert.True(answer.GetProperty("needsBatchValidation").GetBoolean());
        Assert.False(answer.GetProperty("gatePassed").GetBoolean());
        Assert.Contains("Parquet is read by the Batch validation job", answer.GetProperty("gateReasons")[0].GetString());
        ListObjectsV2Response written = await world.Emulator.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = work });
        Assert.Empty(written.S3Objects ?? []);
    }

    [Fact]
    public async Task The_lambda_router_sends_a_small_parquet_chunk_to_batch()
    {
        JsonNode routeEvent = JsonNode.Parse(SampleEvents.Read("route.json"))!;
        routeEvent["chunk"]!["records"] = 10;
        routeEvent["chunk"]!["firstRowGroup"] = 0;
        routeEvent["chunk"]!["rowGroups"] = 1;

        JsonElement decision = (await world.InvokeAsync("route", routeEvent.ToJsonString())).Response("route of a Parquet chunk");

        Assert.Equal("batch", decision.GetProperty("route").GetString());
        Assert.Contains("Parquet chunk", decision.GetProperty("reason").GetString());
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
