using HybridBatch.Core.Routing;
using HybridBatch.Core.Simulation;

namespace HybridBatch.Core.Tests.Simulation;

/// <summary>The local and AWS run models on plans small enough to work out by hand.</summary>
public class RunModelTests
{
    // 100 records/s per core to "file", 1,000 records/s per core for the split, no start-ups: easy sums.
    private static readonly CostModelOptions s_options = new()
    {
        ValidateRecordsPerSecondPerCore = 1000,
        ProcessRecordsPerSecondPerCore = 100,
        PublishRecordsPerSecondPerCore = new Dictionary<string, double> { ["file"] = 100, ["sqs_core"] = 100, ["kafka"] = 100 },
        ProcessStartupSeconds = 0.5,
        LambdaStartupSeconds = 0,
        LambdaMemoryMiB = CostModelOptions.LambdaMiBPerVcpu,
        BatchStartupSeconds = 100,
    };

    [Fact]
    public void Local_run_is_the_split_then_the_chunks_on_the_cores()
    {
        // Split 3,000 records at 1,000/s = 3 s; three chunks of 1,000 at 100/s on 2 cores: 10 s, then 10 s more.
        var chunks = Enumerable.Range(0, 3).Select(i => new PlannedChunk(i, 1000, 0, 200_000, Route.Lambda, 1)).ToList();

        LocalRunEstimate estimate = LocalRunModel.Estimate(chunks, 3000, new CostModel(s_options, "file"), cores: 2, lambdaConcurrency: 2, batchConcurrency: 2);

        Assert.Equal(3, estimate.SplitSeconds, 6);
        Assert.Equal(20, estimate.ChunksSeconds, 6);
        Assert.Equal(23.5, estimate.CommandSeconds, 6);
        Assert.All(estimate.ChunkSeconds.Values, s => Assert.Equal(10, s, 6));
    }

    [Fact]
    public void Local_workers_beyond_the_cores_share_them()
    {
        // Two chunks at once on one core: each gets 50/s, both end at 20 s, each took 20 s.
        var chunks = Enumerable.Range(0, 2).Select(i => new PlannedChunk(i, 1000, 0, 200_000, Route.Lambda, 1)).ToList();

        LocalRunEstimate estimate = LocalRunModel.Estimate(chunks, 2000, new CostModel(s_options, "file"), cores: 1, lambdaConcurrency: 2, batchConcurrency: 2);

        Assert.Equal(20, estimate.ChunksSeconds, 6);
        Assert.Equal(20, estimate.ChunkSeconds[1], 6);
    }

    [Fact]
    public void Aws_run_of_three_lambda_chunks_at_concurrency_two_takes_two_waves()
    {
        // Split: 3,000 records on the 2,048 MiB split function's one thread at 1,000/s = 3 s. Map: 0.3 s route each, then
        // 1,000 records at 100/s = 10 s: the first wave ends at 3 + 10.3, the second at 3 + 20.6.
        var chunks = Enumerable.Range(0, 3).Select(i => new PlannedChunk(i, 1000, 0, 200_000, Route.Lambda, 1)).ToList();
        var aws = new AwsSettings { MapMaxConcurrency = 2 };

        AwsProjection projection = AwsRunModel.Project(chunks, 3000, 600_000, new CostModel(s_options, "sqs_core"), aws);

        Assert.Equal("lambda", projection.SplitOn);
        Assert.Equal(3, projection.SplitSeconds, 6);
        Assert.Equal(20.6, projection.MapSeconds, 6);
        Assert.Contains(projection.CriticalPath, step => step.Contains("at most 2 at once"));
        // SQS: 3,000 records in SendMessageBatch of 10 = 300 requests at $0.40 per million.
        Assert.Equal(300 * 0.0000004, projection.CostUsd["sqs"], 12);
    }

    [Fact]
    public void A_fifo_queue_caps_the_map_at_3000_messages_a_second()
    {
        // 6 chunks of 30,000 records, each alone at 10,000/s, all at once: the FIFO cap of 3,000/s gives 500/s each: 60 s.
        var fast = s_options with { PublishRecordsPerSecondPerCore = new Dictionary<string, double> { ["sqs_core"] = 10_000 } };
        var chunks = Enumerable.Range(0, 6).Select(i => new PlannedChunk(i, 30_000, 0, 6_000_000, Route.Lambda, 1)).ToList();
        var aws = new AwsSettings { SqsFifo = true, SmallInvocationSeconds = 0 };

        AwsProjection projection = AwsRunModel.Project(chunks, 180_000, 36_000_000, new CostModel(fast, "sqs_core"), aws);

        Assert.Equal(60, projection.MapSeconds, 6);
        Assert.Contains(projection.CriticalPath, step => step.Contains("cap of 3,000 records/s binds"));
    }

    [Fact]
    public void A_batch_chunk_pays_the_instance_start_and_the_poll()
    {
        // Route + submit 0.6 s; new instance 100 s; 1,000 records at 100/s: ends at 110.6 s after the map starts; polls
        // every 60 s from the submission at 0.6 s: seen at 120.6 s.
        var chunks = new List<PlannedChunk> { new(0, 1000, 0, 200_000, Route.Batch, 4) };

        AwsProjection projection = AwsRunModel.Project(chunks, 1000, 200_000, new CostModel(s_options, "kafka"), new AwsSettings());

        Assert.Equal(120.6, projection.MapSeconds, 6);
        Assert.Contains(projection.CriticalPath, step => step.Contains("new instance"));
        // 4 vCPUs paid from the instance's start to the job's end: 110 s at $0.02 per vCPU-hour.
        Assert.Equal(110 * 4 / 3600.0 * 0.02, projection.CostUsd["batch"], 9);
    }

    [Fact]
    public void An_object_over_the_split_limit_is_split_by_a_validation_job()
    {
        var chunks = new List<PlannedChunk> { new(0, 1000, 0, 200_000, Route.Lambda, 1) };

        AwsProjection projection = AwsRunModel.Project(chunks, 1000, 200_000, new CostModel(s_options, "kafka"), new AwsSettings { LambdaSplitMaxBytes = 1000 });

        // 100 s to start + 1 s of records = 101 s, noticed at the second 60 s poll: 120 s, after 0.6 s of submit and first poll.
        Assert.Equal("batch", projection.SplitOn);
        Assert.Equal(120.6, projection.SplitSeconds, 6);
    }
}
