using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using HybridBatch.Adapters.Tests.Batch;
using HybridBatch.Core.Batch;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Events;

/// <summary>
/// Every file in <c>events/</c> (the ones <c>sam local invoke -e</c> takes) fed to the real <c>bootstrap</c> through
/// a local Runtime API, in the order of the flow, against the S3/SQS emulator and the signature-checking Batch
/// endpoint. The files tell one story: the sample object is split, routed, processed, submitted and polled as a
/// Batch job and a validation job, and aggregated.
/// </summary>
[Collection(FunctionWorldCollection.Name)]
public sealed class SampleEventTests(FunctionWorld world)
{
    private const string RunId = "orders-sample-6202a9ce40c0";
    private const string ProcessJobId = "4f5d1c2e-8a7b-4c3d-9e0f-1a2b3c4d5e6f";
    private const string ValidationJobId = "9c1e7b52-3d4a-4e8f-b0a1-6f2e5d4c3b2a";

    private static readonly string[] s_story =
    [
        "split-console.json", "split-s3-eventbridge.json", "route.json", "process-chunk.json", "submit-batch-job.json",
        "submit-batch-job-validate.json", "poll-batch-job.json", "poll-batch-job-validate.json", "aggregate.json",
    ];

    [Fact]
    public void Every_file_in_events_is_part_of_the_story()
    {
        string[] files = [.. Directory.GetFiles(Path.Combine(BootstrapBinary.RepositoryRoot(), "events"), "*.json").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

        Assert.Equal(s_story.Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public async Task The_sample_events_get_their_expected_answers_from_the_real_bootstrap()
    {
        // The S3 event pins the split to the ETag it announces: the sample file must be exactly that object.
        string etag = JsonDocument.Parse(SampleEvents.Read("split-s3-eventbridge.json")).RootElement.GetProperty("detail").GetProperty("object").GetProperty("etag").GetString()!;
        Assert.Equal(etag, Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(FunctionWorld.SampleFile))));

        JsonElement console = (await InvokeAsync("split", "split-console.json")).Response("split-console.json");
        AssertSplit(console);
        Assert.Equal("orders", console.GetProperty("schema").GetString());
        GetObjectMetadataResponse plan = await world.Emulator.S3.GetObjectMetadataAsync(FunctionWorld.WorkBucket, $"runs/{RunId}/chunks.json");
        Assert.True(plan.ContentLength > 0);

        AssertSplit((await InvokeAsync("split", "split-s3-eventbridge.json")).Response("split-s3-eventbridge.json"));

        JsonElement route = (await InvokeAsync("route", "route.json")).Response("route.json");
        Assert.Equal(3, route.GetProperty("chunkId").GetInt32());
        Assert.Equal("batch", route.GetProperty("route").GetString());
        Assert.True(route.GetProperty("vcpus").GetInt32() > 0);
        Assert.Contains("threshold", route.GetProperty("reason").GetString());

        Invoked processed = await InvokeAsync("process-chunk", "process-chunk.json");
        JsonElement result = processed.Response("process-chunk.json");
        Assert.Equal(RunId, result.GetProperty("runId").GetString());
        Assert.Equal("succeeded", result.GetProperty("status").GetString());
        Assert.Equal("lambda", result.GetProperty("route").GetString());
        Assert.Equal(119, result.GetProperty("published").GetInt64());
        Assert.Equal(1, result.GetProperty("rejected").GetInt64());
        Assert.Equal("sqs_core", result.GetProperty("destination").GetString());
        Assert.Equal("req-process-chunk", result.GetProperty("worker").GetString());
        Assert.Equal(119, await CountQueueMessagesAsync());

        world.Batch.AssignNextJobId(ProcessJobId);
        JsonElement submitted = (await InvokeAsync("submit-batch-job", "submit-batch-job.json")).Response("submit-batch-job.json");
        Assert.Equal(ProcessJobId, submitted.GetProperty("jobId").GetString());
        Assert.Equal($"hb-{RunId}-c00000", submitted.GetProperty("jobName").GetString());
        Assert.True(submitted.GetProperty("submitted").GetBoolean());
        Assert.Equal("SUBMITTED", submitted.GetProperty("status").GetString());
        FakeJob job = world.Batch.Job(ProcessJobId);
        Assert.Equal("0", job.Parameters["chunkId"]);
        Assert.Equal("120", job.Parameters["endIndex"]);
        Assert.Equal(FunctionWorld.WorkBucket, job.Parameters["workBucket"]);
        Assert.Equal("2", job.ResourceRequirements["VCPU"]);
        Assert.Equal("4096", job.ResourceRequirements["MEMORY"]);

        // Step Functions retries a submit whose answer it lost: the same job comes back, no second one starts.
        JsonElement retried = (await InvokeAsync("submit-batch-job", "submit-batch-job.json")).Response("submit-batch-job.json, retried");
        Assert.Equal(ProcessJobId, retried.GetProperty("jobId").GetString());
        Assert.False(retried.GetProperty("submitted").GetBoolean());

        world.Batch.AssignNextJobId(ValidationJobId);
        JsonElement validation = (await InvokeAsync("submit-batch-job", "submit-batch-job-validate.json")).Response("submit-batch-job-validate.json");
        Assert.Equal(ValidationJobId, validation.GetProperty("jobId").GetString());
        Assert.Equal($"hb-{RunId}-validate", validation.GetProperty("jobName").GetString());
        FakeJob validationJob = world.Batch.Job(ValidationJobId);
        Assert.Equal(FakeBatchEndpoint.ValidationDefinition, validationJob.Definition);
        Assert.Equal("orders", validationJob.Parameters["schema"]);
        Assert.Equal(RunId, validationJob.Parameters["runId"]);
        Assert.Empty(validationJob.ResourceRequirements);
        Assert.All(world.Batch.Requests, request => Assert.True(request.SignatureValid, $"{request.Method} {request.Path} was not signed right"));

        world.Batch.MoveTo(ProcessJobId, BatchJobStatus.Running);
        JsonElement polled = (await InvokeAsync("poll-batch-job", "poll-batch-job.json")).Response("poll-batch-job.json");
        Assert.Equal("RUNNING", polled.GetProperty("status").GetString());
        Assert.Equal("RUNNING", polled.GetProperty("batchStatus").GetString());
        Assert.Equal(1, polled.GetProperty("polls").GetInt32());
        Assert.False(polled.TryGetProperty("split", out _));
        Assert.Equal(JsonValueKind.Null, polled.GetProperty("statusReason").ValueKind);
        Assert.Equal(JsonValueKind.Null, polled.GetProperty("progress").ValueKind);
        Assert.Equal(JsonValueKind.Null, polled.GetProperty("runnableSeconds").ValueKind);

        world.Batch.MoveTo(ValidationJobId, BatchJobStatus.Running);
        world.Batch.Finish(ValidationJobId, exitCode: 0);
        JsonElement validated = (await InvokeAsync("poll-batch-job", "poll-batch-job-validate.json")).Response("poll-batch-job-validate.json");
        Assert.Equal("SUCCEEDED", validated.GetProperty("status").GetString());
        Assert.Equal(4, validated.GetProperty("polls").GetInt32());
        AssertSplit(validated.GetProperty("split"));

        JsonElement report = (await InvokeAsync("aggregate", "aggregate.json")).Response("aggregate.json");
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        Assert.Equal(120, report.GetProperty("totalRecords").GetInt64());
        Assert.Equal(119, report.GetProperty("published").GetInt64());
        Assert.Equal(1, report.GetProperty("rejected").GetInt64());
        Assert.Equal(0, report.GetProperty("notProcessed").GetInt64());
        Assert.Equal(0, report.GetProperty("failedChunks").GetInt32());
        Assert.Equal($"runs/{RunId}/report.json", report.GetProperty("reportKey").GetString());
        using GetObjectResponse stored = await world.Emulator.S3.GetObjectAsync(FunctionWorld.WorkBucket, $"runs/{RunId}/report.json");
        JsonElement full = (await JsonDocument.ParseAsync(stored.ResponseStream)).RootElement;
        Assert.Equal("succeeded", full.GetProperty("status").GetString());
        Assert.Equal("sqs_core", full.GetProperty("destination").GetString());
    }

    private Task<Invoked> InvokeAsync(string handler, string file) => world.InvokeAsync(handler, SampleEvents.Read(file));

    private static void AssertSplit(JsonElement split)
    {
        Assert.Equal(RunId, split.GetProperty("runId").GetString());
        Assert.Equal(FunctionWorld.IncomingBucket, split.GetProperty("source").GetProperty("bucket").GetString());
        Assert.Equal(FunctionWorld.SampleKey, split.GetProperty("source").GetProperty("key").GetString());
        Assert.Equal(FunctionWorld.WorkBucket, split.GetProperty("workBucket").GetString());
        Assert.Equal($"runs/{RunId}/plan.json", split.GetProperty("planKey").GetString());
        Assert.Equal($"runs/{RunId}/chunks.json", split.GetProperty("chunkItemsKey").GetString());
        Assert.Equal($"runs/{RunId}/validation.json", split.GetProperty("validationKey").GetString());
        Assert.Equal($"runs/{RunId}/rejects.jsonl", split.GetProperty("rejectsKey").GetString());
        Assert.Equal(120, split.GetProperty("totalRecords").GetInt64());
        Assert.Equal(119, split.GetProperty("validRecords").GetInt64());
        Assert.Equal(1, split.GetProperty("rejectedRecords").GetInt64());
        Assert.Equal(1, split.GetProperty("chunks").GetInt32());
        Assert.True(split.GetProperty("gatePassed").GetBoolean());
        Assert.Equal(0, split.GetProperty("gateReasons").GetArrayLength());
        Assert.False(split.GetProperty("needsBatchValidation").GetBoolean());
        Assert.Equal(26_115, split.GetProperty("objectBytes").GetInt64());
        Assert.Equal(50, split.GetProperty("maxConcurrency").GetInt32()); // template.yaml's MapMaxConcurrency default
        Assert.Equal(0, split.GetProperty("toleratedFailurePercentage").GetDouble());
        Assert.StartsWith("etag:", split.GetProperty("sourceVersion").GetString());
    }

    private async Task<int> CountQueueMessagesAsync()
    {
        GetQueueAttributesResponse attributes = await world.Emulator.Sqs.GetQueueAttributesAsync(world.QueueUrl, ["ApproximateNumberOfMessages"]);
        return attributes.ApproximateNumberOfMessages;
    }
}
