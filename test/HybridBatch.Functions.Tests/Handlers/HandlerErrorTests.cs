using System.Text.Json;
using Amazon.S3.Model;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Handlers;

/// <summary>Handler failures through the real <c>bootstrap</c>: each reaches <c>/error</c> with the type the state machine matches.</summary>
[Collection(FunctionWorldCollection.Name)]
public sealed class HandlerErrorTests(FunctionWorld world)
{
    [Fact]
    public async Task A_chunk_routed_to_batch_is_refused_by_process_chunk_as_a_bad_event()
    {
        string batchRouted = SampleEvents.Read("process-chunk.json").Replace("\"route\": \"lambda\"", "\"route\": \"batch\"", StringComparison.Ordinal);

        Invoked invoked = await world.InvokeAsync("process-chunk", batchRouted);

        AssertError(invoked, "HybridBatch.ValidationFailed", "routed to batch");
    }

    [Fact]
    public async Task A_chunk_the_plan_does_not_have_fails_as_a_chunk_failure_and_its_result_says_so()
    {
        SampleRun run = await world.NewSplitRunAsync();

        Invoked invoked = await world.InvokeAsync("process-chunk", FunctionWorld.ProcessChunkEvent(run, chunkId: 7), new Dictionary<string, string> { ["RECORD_DESTINATION"] = "discard" });

        AssertError(invoked, "HybridBatch.ChunkFailed", "chunk 7");
        using GetObjectResponse stored = await world.Emulator.S3.GetObjectAsync(run.WorkBucket, $"runs/{run.RunId}/results/chunk-00007.json");
        JsonElement result = (await JsonDocument.ParseAsync(stored.ResponseStream)).RootElement;
        Assert.Equal("failed", result.GetProperty("status").GetString());
        Assert.Contains("chunk 7", result.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_missing_input_object_fails_the_split_as_a_bad_input()
    {
        Invoked invoked = await world.InvokeAsync("split", """{ "bucket": "hybridbatch-incoming", "key": "2025/03/not-there.jsonl" }""");

        AssertError(invoked, "HybridBatch.ValidationFailed", "not-there.jsonl");
    }

    [Fact]
    public async Task An_s3_event_for_another_version_of_the_object_fails_the_split_instead_of_splitting_the_newer_one()
    {
        string stale = SampleEvents.Read("split-s3-eventbridge.json").Replace("b728ab19c9447d564bd8eff1bda22a4d", "00000000000000000000000000000000", StringComparison.Ordinal);

        Invoked invoked = await world.InvokeAsync("split", stale);

        AssertError(invoked, "HybridBatch.ChunkFailed", "object changed");
    }

    [Fact]
    public async Task An_s3_event_of_another_kind_is_refused()
    {
        string deleted = SampleEvents.Read("split-s3-eventbridge.json").Replace("\"Object Created\"", "\"Object Deleted\"", StringComparison.Ordinal);

        AssertError(await world.InvokeAsync("split", deleted), "HybridBatch.ValidationFailed", "Object Deleted");
    }

    [Fact]
    public async Task A_schema_that_is_no_schema_fails_the_split_as_a_bad_input()
    {
        Invoked invoked = await world.InvokeAsync("split", """{ "bucket": "hybridbatch-incoming", "key": "2025/03/orders-sample.jsonl", "schema": "s3://hybridbatch-incoming/2025/03/orders-sample.jsonl" }""");

        AssertError(invoked, "HybridBatch.ValidationFailed", "orders-sample.jsonl");
    }

    [Fact]
    public async Task Batch_refusing_a_submit_is_a_configuration_error_with_its_error_code()
    {
        world.Batch.FailNext(400, "ClientException", "Job definition hb-process is INACTIVE");
        string other = SampleEvents.Read("submit-batch-job.json").Replace("orders-sample-6202a9ce40c0", "orders-refused-000000000000", StringComparison.Ordinal);

        Invoked invoked = await world.InvokeAsync("submit-batch-job", other);

        // The request is built from the stack's settings (job queue, job definition): every chunk would fail alike.
        AssertError(invoked, "HybridBatch.Configuration", "INACTIVE");
    }

    [Fact]
    public async Task A_poll_of_a_job_batch_does_not_know_fails_instead_of_waiting_forever()
    {
        string unknown = SampleEvents.Read("poll-batch-job.json").Replace("4f5d1c2e-8a7b-4c3d-9e0f-1a2b3c4d5e6f", "00000000-0000-0000-0000-000000000000", StringComparison.Ordinal);

        Invoked invoked = await world.InvokeAsync("poll-batch-job", unknown);

        Assert.Equal(RecordedAnswer.Error, invoked.Answer.Kind);
        Assert.Contains("was not found", invoked.Json.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task A_poll_of_an_unknown_kind_is_a_bad_event()
    {
        string wrongKind = SampleEvents.Read("poll-batch-job.json").Replace("\"kind\": \"process\"", "\"kind\": \"transcode\"", StringComparison.Ordinal);

        AssertError(await world.InvokeAsync("poll-batch-job", wrongKind), "HybridBatch.ValidationFailed", "transcode");
    }

    private static void AssertError(Invoked invoked, string errorType, string messagePart)
    {
        Assert.True(invoked.Answer.Kind == RecordedAnswer.Error, $"expected {errorType}, got {invoked.Answer.Kind}: {invoked.Answer.Body}");
        Assert.Equal(errorType, invoked.Answer.ErrorTypeHeader);
        Assert.Equal(errorType, invoked.Json.GetProperty("errorType").GetString());
        Assert.Contains(messagePart, invoked.Json.GetProperty("errorMessage").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
