using System.Text.Json;
using Amazon.S3.Model;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Handlers;

/// <summary>aggregate through the real <c>bootstrap</c>: failures beyond the tolerance, and a failed Map, fail the run.</summary>
[Collection(FunctionWorldCollection.Name)]
public sealed class AggregateHandlerTests(FunctionWorld world)
{
    [Fact]
    public async Task A_chunk_that_never_reported_fails_the_run_unless_the_tolerance_allows_it()
    {
        SampleRun run = await world.NewSplitRunAsync();
        string input = $$"""{ "runId": "{{run.RunId}}", "workBucket": "{{run.WorkBucket}}" }""";

        JsonElement strict = (await world.InvokeAsync("aggregate", input)).Response("aggregate, no tolerance");
        JsonElement tolerant = (await world.InvokeAsync("aggregate", input, new Dictionary<string, string> { ["TOLERATED_FAILURE_PERCENTAGE"] = "100" })).Response("aggregate, 100 %");

        Assert.Equal("failed", strict.GetProperty("status").GetString());
        Assert.Equal(1, strict.GetProperty("failedChunks").GetInt32());
        Assert.Equal(119, strict.GetProperty("notProcessed").GetInt64());
        Assert.Equal(0, strict.GetProperty("published").GetInt64());
        Assert.Equal("succeeded", tolerant.GetProperty("status").GetString());
        Assert.Equal(1, tolerant.GetProperty("failedChunks").GetInt32());
    }

    [Fact]
    public async Task A_failed_map_fails_the_run_and_the_report_says_why()
    {
        SampleRun run = await world.NewSplitRunAsync();
        await world.InvokeAsync("process-chunk", FunctionWorld.ProcessChunkEvent(run), new Dictionary<string, string> { ["RECORD_DESTINATION"] = "discard" });

        JsonElement answer = (await world.InvokeAsync("aggregate",
            $$"""{ "runId": "{{run.RunId}}", "workBucket": "{{run.WorkBucket}}", "mapError": { "Error": "States.ItemReaderFailed", "Cause": "Access Denied" } }""")).Response("aggregate after a failed map");

        Assert.Equal("failed", answer.GetProperty("status").GetString());
        Assert.Equal(119, answer.GetProperty("published").GetInt64());
        using GetObjectResponse stored = await world.Emulator.S3.GetObjectAsync(run.WorkBucket, answer.GetProperty("reportKey").GetString());
        JsonElement report = (await JsonDocument.ParseAsync(stored.ResponseStream)).RootElement;
        Assert.Equal("States.ItemReaderFailed: Access Denied", report.GetProperty("mapError").GetString());
    }
}
