using Amazon.S3.Model;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Handlers;

/// <summary>
/// The Lambda route (process-chunk in the Native AOT <c>bootstrap</c>, S3 in the emulator) publishes what the split
/// judged without judging it again, and validates again only with <c>REVALIDATE</c>, as the Batch route does.
/// </summary>
[Collection(FunctionWorldCollection.Name)]
public sealed class ValidateOnceProcessChunkTests(FunctionWorld world)
{
    // Loads, but rejects every order: a worker that validates again with it rejects the whole chunk.
    private const string RejectAll = """{ "type": "object", "required": ["never-present"] }""";

    [Fact]
    public async Task Process_chunk_publishes_the_splits_valid_records_without_validating_them()
    {
        SampleRun run = await world.NewSplitRunAsync();
        await ReplaceStoredSchemaAsync(run);

        Invoked invoked = await world.InvokeAsync("process-chunk", FunctionWorld.ProcessChunkEvent(run), new Dictionary<string, string> { ["RECORD_DESTINATION"] = "discard" });

        // The sample's 120 records, one of which (index 50) the split rejected.
        Assert.Equal(119, invoked.Response("process-chunk").GetProperty("published").GetInt64());
        Assert.Equal(1, invoked.Json.GetProperty("rejected").GetInt64());
    }

    [Fact]
    public async Task With_revalidate_process_chunk_validates_again()
    {
        SampleRun run = await world.NewSplitRunAsync();
        await ReplaceStoredSchemaAsync(run);

        Invoked invoked = await world.InvokeAsync("process-chunk", FunctionWorld.ProcessChunkEvent(run),
            new Dictionary<string, string> { ["RECORD_DESTINATION"] = "discard", ["REVALIDATE"] = "true" });

        Assert.Equal(RecordedAnswer.Error, invoked.Answer.Kind);
        Assert.Equal("HybridBatch.ChunkFailed", invoked.Answer.ErrorTypeHeader);
        Assert.Contains("this read found 120 (120 rejected)", invoked.Json.GetProperty("errorMessage").GetString());
    }

    private Task ReplaceStoredSchemaAsync(SampleRun run) => world.Emulator.S3.PutObjectAsync(new PutObjectRequest
    {
        BucketName = run.WorkBucket,
        Key = $"runs/{run.RunId}/schema.json",
        ContentBody = RejectAll,
    });
}
