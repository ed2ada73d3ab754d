using System.Text.Json;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Batch;

public sealed class ChunkJobTests
{
    private const string RunId = "orders-0a1b2c3d4e5f";
    private static readonly DateTimeOffset _start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Clock _clock = new(_start);
    private readonly InMemoryBatchJobs _jobs;
    private readonly InMemoryObjectStore _store = new();

    public ChunkJobTests()
    {
        _jobs = new InMemoryBatchJobs(_clock);
    }

    [Theory]
    [InlineData("orders-0a1b2c3d4e5f", 3, "hb-orders-0a1b2c3d4e5f-c00003")]
    [InlineData("run.with/odd chars", 3, "hb-run_with_odd_chars-c00003")]
    [InlineData("r", 123456, "hb-r-c123456")]
    public void Job_name_is_prefixed_sanitised_and_keeps_the_chunk(string runId, int chunkId, string expected)
    {
        Assert.Equal(expected, ChunkJobNaming.JobName(runId, chunkId));
    }

    [Fact]
    public void Long_run_id_is_cut_so_the_name_fits_128_characters_with_its_chunk_suffix()
    {
        string name = ChunkJobNaming.JobName(new string('a', 300), 42);

        Assert.Equal(128, name.Length);
        Assert.EndsWith("a-c00042", name);
    }

    [Fact]
    public async Task Submit_refuses_a_chunk_routed_to_lambda_or_a_route_for_another_chunk_before_calling_batch()
    {
        var submit = new SubmitChunkJob(_jobs);
        SubmitChunkJobRequest request = Request();

        await Assert.ThrowsAsync<ArgumentException>(() => submit.ExecuteAsync(request with { Route = request.Route with { Route = Route.Lambda } }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => submit.ExecuteAsync(request with { Route = request.Route with { ChunkId = 4 } }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => submit.ExecuteAsync(request with { Route = request.Route with { MemoryMiB = 0 } }, CancellationToken.None));
        Assert.Empty(_jobs.Calls);
    }

    [Fact]
    public async Task Job_with_the_same_name_but_another_runs_tags_is_not_reused()
    {
        // Two long run ids that shorten to the same name: only the tags tell the jobs apart.
        string longRun = new string('x', 130);
        BatchJob foreign = _jobs.Add(ChunkJobNaming.JobName(longRun, 3), BatchJobStatus.Running, ChunkJobNaming.Tags(longRun + "-other", 3));

        SubmitChunkJobResult result = await new SubmitChunkJob(_jobs).ExecuteAsync(Request() with { RunId = longRun }, CancellationToken.None);

        Assert.True(result.Submitted);
        Assert.NotEqual(foreign.JobId, result.JobId);
        Assert.Equal(foreign.JobName, result.JobName);
    }

    [Fact]
    public async Task Poll_fails_for_a_job_batch_does_not_know_or_one_tagged_for_another_chunk()
    {
        var poll = new PollChunkJob(_jobs, _store, _clock);
        BatchJob other = _jobs.Add("hb-x-c00009", BatchJobStatus.Running, ChunkJobNaming.Tags(RunId, 9));

        await Assert.ThrowsAsync<InvalidOperationException>(() => poll.ExecuteAsync(PollRequest("job-missing"), CancellationToken.None));
        InvalidOperationException wrong = await Assert.ThrowsAsync<InvalidOperationException>(() => poll.ExecuteAsync(PollRequest(other.JobId), CancellationToken.None));
        Assert.Contains("chunk 3", wrong.Message);
    }

    [Fact]
    public async Task Retried_job_back_in_runnable_is_timed_from_the_end_of_its_last_attempt()
    {
        var poll = new PollChunkJob(_jobs, _store, _clock, new PollChunkJobOptions { RunnableLimit = TimeSpan.FromMinutes(10), TerminateStuckJobs = false });
        BatchJob job = _jobs.Add("hb-x-c00003", BatchJobStatus.Runnable, ChunkJobNaming.Tags(RunId, 3));
        _jobs[job.JobId] = job with
        {
            Attempts = [new BatchJobAttempt { ExitCode = null, StatusReason = "Host EC2 (instance i-0abc) terminated.", StartedAt = _start.AddMinutes(2), StoppedAt = _start.AddMinutes(30) }],
        };
        _clock.Now = _start.AddMinutes(35);

        ChunkJobReport report = await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);

        Assert.Equal(ChunkJobStatus.Running, report.Status);
        Assert.Equal(5 * 60, report.RunnableSeconds);
        Assert.Equal("Host EC2 (instance i-0abc) terminated.", report.LastAttemptReason);

        _clock.Now = _start.AddMinutes(40);
        report = await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);
        Assert.Equal(ChunkJobStatus.StuckRunnable, report.Status);
        Assert.DoesNotContain("TerminateJob", _jobs.Calls);
    }

    // Batch names why the job at the head of the queue cannot run ("Jobs stuck in a RUNNABLE status", Batch user
    // guide): MISCONFIGURATION and ACTION_REQUIRED reasons do not go away by waiting; a CAPACITY reason does.
    [Theory]
    [InlineData("MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.", "BatchInstanceTypes")]
    [InlineData("MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE - CE(s) associated with the job queue cannot meet the CPU requirement of the job.", "BatchMaxVcpus")]
    [InlineData("MISCONFIGURATION:SERVICE_ROLE_PERMISSIONS - Batch service role has a permission issue.", "service role")]
    [InlineData("ACTION_REQUIRED - CE(s) associated with the job queue are invalid.", "INVALID")]
    public async Task Runnable_job_batch_says_it_cannot_place_is_stuck_at_once_and_terminated(string batchReason, string advice)
    {
        var poll = new PollChunkJob(_jobs, _store, _clock, new PollChunkJobOptions { TerminateStuckJobs = true });
        BatchJob job = _jobs.Add("hb-x-c00003", BatchJobStatus.Runnable, ChunkJobNaming.Tags(RunId, 3));
        _jobs[job.JobId] = job with { StatusReason = batchReason, Vcpus = 16, MemoryMiB = 32768 };
        _clock.Now = _start.AddMinutes(2);

        ChunkJobReport report = await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);

        Assert.Equal(ChunkJobStatus.StuckRunnable, report.Status);
        Assert.True(report.Terminated);
        Assert.Contains(batchReason.Split(' ')[0], report.StatusReason);
        Assert.Contains(advice, report.StatusReason);
        Assert.Contains("TerminateJob", _jobs.Calls);
    }

    [Fact]
    public async Task Runnable_job_waiting_for_spot_capacity_is_queued_past_the_runnable_limit_not_terminated()
    {
        var options = new PollChunkJobOptions { RunnableLimit = TimeSpan.FromMinutes(15), TerminateStuckJobs = true };
        var poll = new PollChunkJob(_jobs, _store, _clock, options);
        BatchJob job = _jobs.Add("hb-x-c00003", BatchJobStatus.Runnable, ChunkJobNaming.Tags(RunId, 3));
        const string shortage = "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type [c5.4xlarge]";
        _jobs[job.JobId] = job with { StatusReason = shortage };
        _clock.Now = _start.AddMinutes(50);

        ChunkJobReport report = await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);

        Assert.Equal(ChunkJobStatus.Running, report.Status);
        Assert.False(report.Terminated);
        Assert.Equal(shortage, report.StatusReason);
        Assert.Equal(50 * 60, report.RunnableSeconds);
        Assert.DoesNotContain("TerminateJob", _jobs.Calls);

        // A shortage is waited out for the capacity limit, then reported like any other stuck job.
        _clock.Now = _start.AddHours(4);
        report = await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);
        Assert.Equal(ChunkJobStatus.StuckRunnable, report.Status);
        Assert.Contains("CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY", report.StatusReason);
        Assert.Contains("TerminateJob", _jobs.Calls);
    }

    [Fact]
    public async Task Runnable_job_without_a_reason_keeps_the_runnable_limit()
    {
        var poll = new PollChunkJob(_jobs, _store, _clock, new PollChunkJobOptions { RunnableLimit = TimeSpan.FromMinutes(15) });
        BatchJob job = _jobs.Add("hb-x-c00003", BatchJobStatus.Runnable, ChunkJobNaming.Tags(RunId, 3));

        _clock.Now = _start.AddMinutes(14);
        Assert.Equal(ChunkJobStatus.Running, (await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None)).Status);
        _clock.Now = _start.AddMinutes(15);
        Assert.Equal(ChunkJobStatus.StuckRunnable, (await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Runnable_job_without_a_reason_behind_a_running_job_waits_for_the_capacity_limit()
    {
        var options = new PollChunkJobOptions { RunnableLimit = TimeSpan.FromMinutes(15), CapacityWaitLimit = TimeSpan.FromHours(4), TerminateStuckJobs = true };
        var poll = new PollChunkJob(_jobs, _store, _clock, options);
        _jobs.Add("hb-x-c00001", BatchJobStatus.Running, ChunkJobNaming.Tags(RunId, 1));
        BatchJob job = _jobs.Add("hb-x-c00003", BatchJobStatus.Runnable, ChunkJobNaming.Tags(RunId, 3));

        // Batch gives no reason to a job behind the head of the queue: while the queue runs jobs, it waits its turn.
        _clock.Now = _start.AddMinutes(50);
        ChunkJobReport report = await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);
        Assert.Equal(ChunkJobStatus.Running, report.Status);
        Assert.False(report.Terminated);
        Assert.Contains("ListJobs RUNNING", _jobs.Calls);

        _clock.Now = _start.AddHours(4);
        report = await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);
        Assert.Equal(ChunkJobStatus.StuckRunnable, report.Status);
        Assert.Contains("limit 240 min", report.StatusReason);
        Assert.True(report.Terminated);
    }

    [Fact]
    public async Task Runnable_job_without_a_reason_behind_a_head_job_short_of_capacity_waits_for_the_capacity_limit()
    {
        var poll = new PollChunkJob(_jobs, _store, _clock, new PollChunkJobOptions { RunnableLimit = TimeSpan.FromMinutes(15) });
        BatchJob head = _jobs.Add("hb-x-c00001", BatchJobStatus.Runnable, ChunkJobNaming.Tags(RunId, 1));
        _jobs[head.JobId] = head with
        {
            CreatedAt = _start.AddMinutes(-1),
            StatusReason = "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service cannot fulfill the capacity requested for instance type [c5.4xlarge]",
        };
        BatchJob job = _jobs.Add("hb-x-c00003", BatchJobStatus.Runnable, ChunkJobNaming.Tags(RunId, 3));

        _clock.Now = _start.AddMinutes(50);
        Assert.Equal(ChunkJobStatus.Running, (await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None)).Status);
        _clock.Now = _start.AddHours(4);
        Assert.Equal(ChunkJobStatus.StuckRunnable, (await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Runnable_job_without_a_reason_in_a_queue_where_nothing_runs_or_waits_ahead_is_stuck_at_the_runnable_limit()
    {
        var poll = new PollChunkJob(_jobs, _store, _clock, new PollChunkJobOptions { RunnableLimit = TimeSpan.FromMinutes(15) });
        // Neither explains the wait: a running job in another queue, and a capacity-flagged job that came later.
        BatchJob elsewhere = _jobs.Add("hb-y-c00001", BatchJobStatus.Running, ChunkJobNaming.Tags("other-run", 1));
        _jobs[elsewhere.JobId] = elsewhere with { JobQueue = "other-queue" };
        BatchJob job = _jobs.Add("hb-x-c00003", BatchJobStatus.Runnable, ChunkJobNaming.Tags(RunId, 3));
        BatchJob later = _jobs.Add("hb-x-c00004", BatchJobStatus.Runnable, ChunkJobNaming.Tags(RunId, 4));
        _jobs[later.JobId] = later with { CreatedAt = _start.AddMinutes(1), StatusReason = "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY" };

        _clock.Now = _start.AddMinutes(14);
        Assert.Equal(ChunkJobStatus.Running, (await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None)).Status);
        // Before the limit the queue is not looked at: a poll every few seconds costs one DescribeJobs.
        Assert.DoesNotContain(_jobs.Calls, c => c.StartsWith("ListJobs", StringComparison.Ordinal));

        _clock.Now = _start.AddMinutes(15);
        ChunkJobReport report = await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);
        Assert.Equal(ChunkJobStatus.StuckRunnable, report.Status);
        Assert.Contains("limit 15 min", report.StatusReason);
    }

    [Fact]
    public async Task Poll_reads_the_workers_progress_and_rejects_progress_of_another_chunk()
    {
        var poll = new PollChunkJob(_jobs, _store, _clock);
        BatchJob job = _jobs.Add("hb-x-c00003", BatchJobStatus.Running, ChunkJobNaming.Tags(RunId, 3));
        ObjectLocation location = new RunLayout("work", RunId).Progress(3);
        var progress = new ChunkProgress(RunId, 3, 1000, 300_000, 500, _start, "batch");
        _store.Put(location, JsonSerializer.SerializeToUtf8Bytes(progress, HybridBatchJson.Default.ChunkProgress));

        ChunkJobReport report = await poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None);
        Assert.Equal(progress, report.Progress);

        _store.Put(location, JsonSerializer.SerializeToUtf8Bytes(progress with { ChunkId = 4 }, HybridBatchJson.Default.ChunkProgress));
        await Assert.ThrowsAsync<InvalidDataException>(() => poll.ExecuteAsync(PollRequest(job.JobId), CancellationToken.None));
    }

    [Fact]
    public void Runnable_limit_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PollChunkJob(_jobs, _store, _clock, new PollChunkJobOptions { RunnableLimit = TimeSpan.Zero }));
    }

    [Fact]
    public void Report_serialises_statuses_by_their_batch_names()
    {
        var report = new ChunkJobReport { JobId = "j", JobName = "n", Status = ChunkJobStatus.StuckRunnable, BatchStatus = BatchJobStatus.Runnable, Attempts = 0 };

        string json = JsonSerializer.Serialize(report, HybridBatchJson.Default.ChunkJobReport);

        Assert.Contains("\"status\": \"STUCK_RUNNABLE\"", json);
        Assert.Contains("\"batchStatus\": \"RUNNABLE\"", json);
    }

    private static SubmitChunkJobRequest Request() => new()
    {
        RunId = RunId,
        Chunk = new ChunkPlanEntry { ChunkId = 3, StartIndex = 0, EndIndex = 300_000, ByteStart = 0, ByteEnd = 1, Records = 300_000, Bytes = 1, Rejected = 0, FirstLine = 1 },
        Route = new RouteDecision
        {
            ChunkId = 3,
            Route = Route.Batch,
            Policy = RoutingPolicy.Threshold,
            Reason = "over threshold",
            Records = 300_000,
            EstimatedSeconds = 60,
            EstimatedCostUsd = 0.01,
            Vcpus = 4,
            MemoryMiB = 8192,
            Alternative = new RouteEstimate(Route.Lambda, 900, 0.02, 1, 3008),
        },
        Bucket = "in",
        Key = "orders.jsonl",
        JobQueue = "q",
        JobDefinition = "d",
    };

    private static PollChunkJobRequest PollRequest(string jobId) => new() { JobId = jobId, RunId = RunId, ChunkId = 3, WorkBucket = "work" };

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
