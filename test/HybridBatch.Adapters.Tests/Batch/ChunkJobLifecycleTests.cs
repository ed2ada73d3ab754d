using System.Text.Json;
using HybridBatch.Core;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Tests.Batch;

/// <summary>SubmitChunkJob and PollChunkJob through the real client against the signature-checking fake Batch.</summary>
public sealed class ChunkJobLifecycleTests
{
    [Fact]
    public async Task Submit_then_poll_through_every_state_to_succeeded()
    {
        await using var harness = new BatchHarness();

        SubmitChunkJobResult submitted = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);

        Assert.True(submitted.Submitted);
        Assert.Equal($"hb-{BatchHarness.RunId}-c00007", submitted.JobName);
        FakeJob job = harness.Endpoint.Job(submitted.JobId);
        Assert.Equal(submitted.JobName, job.Name);
        Assert.Equal(new Dictionary<string, string>
        {
            ["chunkId"] = "7",
            ["startIndex"] = "2100000",
            ["endIndex"] = "2400000",
            ["runId"] = BatchHarness.RunId,
            ["bucket"] = "incoming",
            ["key"] = "2025/03/orders.jsonl",
        }, job.Parameters);
        Assert.Equal(new Dictionary<string, string> { ["VCPU"] = "4", ["MEMORY"] = "8192" }, job.ResourceRequirements);
        Assert.Equal(new Dictionary<string, string> { ["hybridbatch:run"] = BatchHarness.RunId, ["hybridbatch:chunk"] = "7" }, job.Tags);

        ChunkJobReport report = await harness.Poll.ExecuteAsync(harness.PollRequest(submitted.JobId), CancellationToken.None);
        Assert.Equal((ChunkJobStatus.Running, BatchJobStatus.Submitted), (report.Status, report.BatchStatus));
        Assert.Null(report.Progress);

        foreach (BatchJobStatus status in new[] { BatchJobStatus.Pending, BatchJobStatus.Runnable, BatchJobStatus.Starting, BatchJobStatus.Running })
        {
            harness.Endpoint.MoveTo(submitted.JobId, status);
            harness.Clock.Advance(TimeSpan.FromMinutes(1));
            report = await harness.Poll.ExecuteAsync(harness.PollRequest(submitted.JobId), CancellationToken.None);
            Assert.Equal((ChunkJobStatus.Running, status), (report.Status, report.BatchStatus));
        }

        var progress = new ChunkProgress(BatchHarness.RunId, 7, 120_000, 300_000, 95_000.5, harness.Clock.GetUtcNow(), "batch:ip-10-0-1-2");
        await harness.Store.WriteAsync(new RunLayout(harness.WorkBucket, BatchHarness.RunId).Progress(7), JsonSerializer.SerializeToUtf8Bytes(progress, HybridBatchJson.Default.ChunkProgress), CancellationToken.None);
        report = await harness.Poll.ExecuteAsync(harness.PollRequest(submitted.JobId), CancellationToken.None);
        Assert.Equal(progress, report.Progress);

        harness.Endpoint.Finish(submitted.JobId, exitCode: 0);
        report = await harness.Poll.ExecuteAsync(harness.PollRequest(submitted.JobId), CancellationToken.None);
        Assert.Equal((ChunkJobStatus.Succeeded, BatchJobStatus.Succeeded), (report.Status, report.BatchStatus));
        Assert.Equal(1, report.Attempts);
        Assert.Equal(0, report.LastExitCode);
        Assert.All(harness.Endpoint.Requests, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task Failed_job_reports_its_status_reason_and_exit_code()
    {
        await using var harness = new BatchHarness();
        SubmitChunkJobResult submitted = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);
        harness.Endpoint.MoveTo(submitted.JobId, BatchJobStatus.Running);
        harness.Endpoint.Finish(submitted.JobId, exitCode: 137, "OutOfMemoryError: Container killed due to memory usage");

        ChunkJobReport report = await harness.Poll.ExecuteAsync(harness.PollRequest(submitted.JobId), CancellationToken.None);

        Assert.Equal((ChunkJobStatus.Failed, BatchJobStatus.Failed), (report.Status, report.BatchStatus));
        Assert.Equal("Essential container in task exited", report.StatusReason);
        Assert.Equal(1, report.Attempts);
        Assert.Equal(137, report.LastExitCode);
        Assert.Equal("OutOfMemoryError: Container killed due to memory usage", report.LastAttemptReason);
    }

    [Fact]
    public async Task Retried_submit_returns_the_existing_job_instead_of_a_second_one()
    {
        await using var harness = new BatchHarness();
        SubmitChunkJobResult first = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);
        harness.Endpoint.MoveTo(first.JobId, BatchJobStatus.Runnable);

        SubmitChunkJobResult again = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);

        Assert.False(again.Submitted);
        Assert.Equal((first.JobId, first.JobName, BatchJobStatus.Runnable), (again.JobId, again.JobName, again.Status));
        Assert.Single(harness.Endpoint.Jobs);
        Assert.Single(harness.Endpoint.Requests, r => r.Path == "/v1/submitjob");

        // Another chunk of the same run is a different job.
        SubmitChunkJobResult other = await harness.Submit.ExecuteAsync(BatchHarness.Request(chunkId: 8), CancellationToken.None);
        Assert.True(other.Submitted);
        Assert.Equal(2, harness.Endpoint.Jobs.Count);
    }

    [Fact]
    public async Task Succeeded_job_is_reused_and_failed_job_is_resubmitted()
    {
        await using var harness = new BatchHarness();
        SubmitChunkJobResult first = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);
        harness.Endpoint.MoveTo(first.JobId, BatchJobStatus.Running);
        harness.Endpoint.Finish(first.JobId, exitCode: 1, "worker crashed");

        SubmitChunkJobResult retry = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);
        Assert.True(retry.Submitted);
        Assert.NotEqual(first.JobId, retry.JobId);

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        harness.Endpoint.MoveTo(retry.JobId, BatchJobStatus.Running);
        harness.Endpoint.Finish(retry.JobId, exitCode: 0);
        SubmitChunkJobResult afterSuccess = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);
        Assert.False(afterSuccess.Submitted);
        Assert.Equal((retry.JobId, BatchJobStatus.Succeeded), (afterSuccess.JobId, afterSuccess.Status));
        Assert.Equal(2, harness.Endpoint.Jobs.Count);
    }

    [Fact]
    public async Task Existing_job_is_found_on_a_later_list_page_past_names_that_match_only_case_insensitively()
    {
        await using var harness = new BatchHarness();
        harness.Endpoint.PageSize = 1;
        SubmitChunkJobResult ours = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);

        // Newer jobs whose names the JOB_NAME filter also matches (it ignores case): they come first in the listing.
        for (int i = 0; i < 2; i++)
        {
            harness.Clock.Advance(TimeSpan.FromMinutes(1));
            await harness.Client.SubmitAsync(new BatchJobRequest
            {
                JobName = ours.JobName.ToUpperInvariant(),
                JobQueue = FakeBatchEndpoint.Queue,
                JobDefinition = FakeBatchEndpoint.Definition,
                Vcpus = 1,
                MemoryMiB = 2048,
            }, CancellationToken.None);
        }

        IReadOnlyList<BatchJobSummary> named = await harness.Client.FindByNameAsync(FakeBatchEndpoint.Queue, ours.JobName, CancellationToken.None);
        Assert.Equal([ours.JobId], named.Select(j => j.JobId));

        SubmitChunkJobResult again = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);
        Assert.Equal((ours.JobId, false), (again.JobId, again.Submitted));
        Assert.Equal(3, harness.Endpoint.Jobs.Count);
    }

    [Fact]
    public async Task Job_batch_says_it_cannot_place_is_stuck_on_the_first_poll_through_describe_jobs()
    {
        // The statusReason Batch sets on a RUNNABLE job blocking its queue travels through DescribeJobs' JSON.
        await using var harness = new BatchHarness(pollOptions: new PollChunkJobOptions { TerminateStuckJobs = true });
        SubmitChunkJobResult submitted = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);
        harness.Endpoint.MoveTo(submitted.JobId, BatchJobStatus.Runnable);
        harness.Endpoint.Job(submitted.JobId).StatusReason = "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.";
        harness.Clock.Advance(TimeSpan.FromMinutes(1));

        ChunkJobReport stuck = await harness.Poll.ExecuteAsync(harness.PollRequest(submitted.JobId), CancellationToken.None);

        Assert.Equal((ChunkJobStatus.StuckRunnable, true), (stuck.Status, stuck.Terminated));
        Assert.Contains("MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT", stuck.StatusReason);
        Assert.Contains("4 vCPU / 8192 MiB", stuck.StatusReason);
        Assert.Equal(BatchJobStatus.Failed, harness.Endpoint.Job(submitted.JobId).Status);
    }

    [Fact]
    public async Task Job_runnable_past_the_limit_is_stuck_and_can_be_terminated()
    {
        await using var harness = new BatchHarness(pollOptions: new PollChunkJobOptions { RunnableLimit = TimeSpan.FromMinutes(15), TerminateStuckJobs = true });
        SubmitChunkJobResult submitted = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);
        harness.Endpoint.MoveTo(submitted.JobId, BatchJobStatus.Runnable);

        harness.Clock.Advance(TimeSpan.FromMinutes(14));
        ChunkJobReport waiting = await harness.Poll.ExecuteAsync(harness.PollRequest(submitted.JobId), CancellationToken.None);
        Assert.Equal((ChunkJobStatus.Running, BatchJobStatus.Runnable, false), (waiting.Status, waiting.BatchStatus, waiting.Terminated));
        Assert.Equal(14 * 60, waiting.RunnableSeconds);

        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        ChunkJobReport stuck = await harness.Poll.ExecuteAsync(harness.PollRequest(submitted.JobId), CancellationToken.None);
        Assert.Equal((ChunkJobStatus.StuckRunnable, BatchJobStatus.Runnable, true), (stuck.Status, stuck.BatchStatus, stuck.Terminated));
        Assert.Contains("compute environment's capacity", stuck.StatusReason);
        Assert.Contains("4 vCPU / 8192 MiB", stuck.StatusReason);

        FakeJob job = harness.Endpoint.Job(submitted.JobId);
        Assert.Equal(BatchJobStatus.Failed, job.Status);
        Assert.StartsWith("HybridBatch: job has been RUNNABLE for 16 min", job.StatusReason);
        ChunkJobReport after = await harness.Poll.ExecuteAsync(harness.PollRequest(submitted.JobId), CancellationToken.None);
        Assert.Equal(ChunkJobStatus.Failed, after.Status);
    }

    [Fact]
    public async Task Job_runnable_past_the_limit_behind_a_running_job_is_queued_until_the_capacity_limit()
    {
        var options = new PollChunkJobOptions { RunnableLimit = TimeSpan.FromMinutes(15), CapacityWaitLimit = TimeSpan.FromHours(4), TerminateStuckJobs = true };
        await using var harness = new BatchHarness(pollOptions: options);
        harness.Endpoint.Seed("job-ahead", "hb-other-c00001", BatchJobStatus.Running, new Dictionary<string, string>());
        SubmitChunkJobResult submitted = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);
        harness.Endpoint.MoveTo(submitted.JobId, BatchJobStatus.Runnable);

        harness.Clock.Advance(TimeSpan.FromMinutes(16));
        ChunkJobReport waiting = await harness.Poll.ExecuteAsync(harness.PollRequest(submitted.JobId), CancellationToken.None);
        Assert.Equal((ChunkJobStatus.Running, false), (waiting.Status, waiting.Terminated));
        // DescribeJobs names the queue by ARN; ListJobs is asked for that queue's RUNNING jobs.
        RecordedRequest listed = Assert.Single(harness.Endpoint.Requests, r => r.Path == "/v1/listjobs" && r.Body!["jobStatus"] is not null);
        Assert.Equal((FakeBatchEndpoint.QueueArn, "RUNNING"), (listed.Body!["jobQueue"]!.GetValue<string>(), listed.Body["jobStatus"]!.GetValue<string>()));

        harness.Clock.Advance(TimeSpan.FromHours(4));
        ChunkJobReport stuck = await harness.Poll.ExecuteAsync(harness.PollRequest(submitted.JobId), CancellationToken.None);
        Assert.Equal((ChunkJobStatus.StuckRunnable, true), (stuck.Status, stuck.Terminated));
    }

    [Fact]
    public async Task Stuck_job_is_left_alone_unless_termination_is_asked_for()
    {
        // Termination is the default (TERMINATE_STUCK_JOBS=true): turned off here.
        await using var harness = new BatchHarness(pollOptions: new PollChunkJobOptions { TerminateStuckJobs = false });
        SubmitChunkJobResult submitted = await harness.Submit.ExecuteAsync(BatchHarness.Request(), CancellationToken.None);
        harness.Endpoint.MoveTo(submitted.JobId, BatchJobStatus.Runnable);
        harness.Clock.Advance(PollChunkJobOptions.DefaultRunnableLimit);

        ChunkJobReport stuck = await harness.Poll.ExecuteAsync(harness.PollRequest(submitted.JobId), CancellationToken.None);

        Assert.Equal((ChunkJobStatus.StuckRunnable, false), (stuck.Status, stuck.Terminated));
        Assert.Equal(BatchJobStatus.Runnable, harness.Endpoint.Job(submitted.JobId).Status);
        Assert.DoesNotContain(harness.Endpoint.Requests, r => r.Path == "/v1/terminatejob");
    }
}
