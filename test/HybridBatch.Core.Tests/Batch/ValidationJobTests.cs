using System.Text.Json;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Batch;

/// <summary>A run's validation as a Batch job: submitted once, polled like a chunk's, and its stored summary read back.</summary>
public sealed class ValidationJobTests
{
    private const string RunId = "orders-0a1b2c3d4e5f";

    private readonly InMemoryBatchJobs _jobs = new(TimeProvider.System);
    private readonly InMemoryObjectStore _store = new();

    [Fact]
    public async Task Submit_names_tags_and_parameterises_the_job_and_leaves_its_size_to_the_definition()
    {
        SubmitChunkJobResult result = await new SubmitValidationJob(_jobs).ExecuteAsync(Request() with { Schema = "s3://schemas/orders.json" }, CancellationToken.None);

        BatchJob job = _jobs[result.JobId];
        Assert.True(result.Submitted);
        Assert.Equal("hb-orders-0a1b2c3d4e5f-validate", job.JobName);
        Assert.True(ChunkJobNaming.IsValidationJobOf(job.Tags, RunId));
        Assert.False(ChunkJobNaming.BelongsTo(job.Tags, RunId, 0));
        Assert.Equal("in", job.Parameters["bucket"]);
        Assert.Equal("drop/orders.jsonl", job.Parameters["key"]);
        Assert.Equal(RunId, job.Parameters["runId"]);
        Assert.Equal("work", job.Parameters["workBucket"]);
        Assert.Equal("s3://schemas/orders.json", job.Parameters["schema"]);
        Assert.False(job.Parameters.ContainsKey("format"));
        Assert.Null(job.Vcpus);
        Assert.Null(job.MemoryMiB);
    }

    [Fact]
    public async Task A_retried_submit_returns_the_queued_job_and_a_failed_one_is_submitted_again()
    {
        var submit = new SubmitValidationJob(_jobs);
        SubmitChunkJobResult first = await submit.ExecuteAsync(Request(), CancellationToken.None);
        SubmitChunkJobResult retried = await submit.ExecuteAsync(Request(), CancellationToken.None);
        _jobs[first.JobId] = _jobs[first.JobId] with { Status = BatchJobStatus.Failed };
        SubmitChunkJobResult again = await submit.ExecuteAsync(Request(), CancellationToken.None);

        Assert.False(retried.Submitted);
        Assert.Equal(first.JobId, retried.JobId);
        Assert.True(again.Submitted);
        Assert.NotEqual(first.JobId, again.JobId);
        Assert.Equal(2, _jobs.Calls.Count(c => c == "SubmitJob"));
    }

    [Fact]
    public async Task A_chunk_job_of_the_same_run_is_never_taken_for_its_validation_job()
    {
        BatchJob chunkJob = _jobs.Add(ChunkJobNaming.ValidationJobName(RunId), BatchJobStatus.Running, ChunkJobNaming.Tags(RunId, 0));

        SubmitChunkJobResult result = await new SubmitValidationJob(_jobs).ExecuteAsync(Request(), CancellationToken.None);

        Assert.True(result.Submitted);
        Assert.NotEqual(chunkJob.JobId, result.JobId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Poll().ExecuteAsync(PollRequest(chunkJob.JobId), CancellationToken.None));
    }

    [Theory]
    [InlineData("", "Bucket")]
    [InlineData("xml", "Format")]
    public async Task Submit_refuses_a_bad_request_before_calling_batch(string value, string field)
    {
        SubmitValidationJobRequest request = field == "Bucket" ? Request() with { Bucket = value } : Request() with { Format = value };

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => new SubmitValidationJob(_jobs).ExecuteAsync(request, CancellationToken.None));

        Assert.Equal(field, error.ParamName);
        Assert.Empty(_jobs.Calls);
    }

    [Fact]
    public async Task A_running_job_has_no_split_and_a_succeeded_one_brings_the_stored_summary()
    {
        BatchJob job = _jobs.Add(ChunkJobNaming.ValidationJobName(RunId), BatchJobStatus.Running, ChunkJobNaming.ValidationTags(RunId));
        ValidationJobReport running = await Poll().ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);
        _jobs[job.JobId] = job with { Status = BatchJobStatus.Succeeded };
        StoreSummary(RunId, gatePassed: true);

        ValidationJobReport done = await Poll().ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);

        Assert.Equal(ChunkJobStatus.Running, running.Job.Status);
        Assert.Null(running.Split);
        Assert.Equal(ChunkJobStatus.Succeeded, done.Job.Status);
        Assert.NotNull(done.Split);
        Assert.Equal(RunId, done.Split.RunId);
        Assert.Equal(12, done.Split.TotalRecords);
        Assert.Equal(4_096, done.Split.SourceBytes);
    }

    [Fact]
    public async Task A_succeeded_job_without_the_runs_summary_fails_closed()
    {
        BatchJob job = _jobs.Add(ChunkJobNaming.ValidationJobName(RunId), BatchJobStatus.Succeeded, ChunkJobNaming.ValidationTags(RunId));
        StoreSummary("orders-ffffffffffff", gatePassed: true);

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => Poll().ExecuteAsync(PollRequest(job.JobId), CancellationToken.None));

        Assert.Contains("summary.json", error.Message);
        Assert.Contains("changed", error.Message);
    }

    [Fact]
    public async Task A_failed_job_brings_the_summary_when_it_got_to_the_gate_and_none_otherwise()
    {
        BatchJob job = _jobs.Add(ChunkJobNaming.ValidationJobName(RunId), BatchJobStatus.Failed, ChunkJobNaming.ValidationTags(RunId));
        ValidationJobReport early = await Poll().ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);
        StoreSummary(RunId, gatePassed: false);

        ValidationJobReport gated = await Poll().ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);

        Assert.Equal(ChunkJobStatus.Failed, early.Job.Status);
        Assert.Null(early.Split);
        Assert.NotNull(gated.Split);
        Assert.False(gated.Split.GatePassed);
    }

    private PollValidationJob Poll() => new(_jobs, _store, TimeProvider.System);

    private void StoreSummary(string runId, bool gatePassed)
    {
        var layout = new RunLayout("work", runId);
        var summary = new SplitSummary
        {
            RunId = runId,
            Source = new ObjectLocation("in", "drop/orders.jsonl"),
            SourceVersion = "v1",
            SourceBytes = 4_096,
            WorkBucket = "work",
            PlanKey = layout.Plan.Key,
            ChunkItemsKey = layout.ChunkItems.Key,
            ValidationKey = layout.Validation.Key,
            RejectsKey = layout.Rejects.Key,
            TotalRecords = 12,
            ValidRecords = gatePassed ? 12 : 2,
            RejectedRecords = gatePassed ? 0 : 10,
            Chunks = 1,
            GatePassed = gatePassed,
            GateReasons = gatePassed ? [] : ["too many rejected records"],
        };
        _store.Put(layout.Summary, JsonSerializer.SerializeToUtf8Bytes(summary, HybridBatchJson.Default.SplitSummary));
    }

    private static SubmitValidationJobRequest Request() => new()
    {
        RunId = RunId,
        Bucket = "in",
        Key = "drop/orders.jsonl",
        WorkBucket = "work",
        JobQueue = "q",
        JobDefinition = "validate",
    };

    private static PollValidationJobRequest PollRequest(string jobId) => new() { JobId = jobId, RunId = RunId, WorkBucket = "work" };
}
