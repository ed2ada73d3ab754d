using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Core.Tests.Routing;

public class ChunkRouterTests
{
    private static readonly CostModel s_costs = new(new CostModelOptions(), "file");

    [Theory]
    [InlineData(1, Route.Lambda)]
    [InlineData(290_000, Route.Lambda)]
    [InlineData(290_001, Route.Batch)]
    [InlineData(5_000_000, Route.Batch)]
    public void Threshold_policy_routes_by_record_count(long records, Route expected)
    {
        RouteDecision decision = new ChunkRouter(new RoutingOptions(), s_costs).Decide(Chunk(records));

        Assert.Equal(expected, decision.Route);
        Assert.Contains("threshold 290,000", decision.Reason);
        Assert.True(decision.EstimatedSeconds > 0);
        Assert.True(decision.EstimatedCostUsd > 0);
    }

    [Fact]
    public void Threshold_is_configurable()
    {
        RouteDecision decision = new ChunkRouter(new RoutingOptions { BatchProcessingThreshold = 100 }, s_costs).Decide(Chunk(101));

        Assert.Equal(Route.Batch, decision.Route);
        Assert.Equal(Route.Lambda, decision.Alternative.Route);
    }

    [Fact]
    public void Threshold_policy_warns_when_lambda_would_not_fit_the_timeout()
    {
        var options = new RoutingOptions { BatchProcessingThreshold = 10_000_000_000 };

        RouteDecision decision = new ChunkRouter(options, s_costs).Decide(Chunk(5_000_000_000));

        Assert.Equal(Route.Lambda, decision.Route);
        Assert.Contains("lower the threshold", decision.Reason);
    }

    [Fact]
    public void Cost_policy_takes_lambda_for_small_chunks_and_batch_when_lambda_would_time_out()
    {
        var router = new ChunkRouter(new RoutingOptions { Policy = RoutingPolicy.Cost }, s_costs);

        Assert.Equal(Route.Lambda, router.Decide(Chunk(100_000)).Route);
        RouteDecision big = router.Decide(Chunk(3_000_000_000));
        Assert.Equal(Route.Batch, big.Route);
        Assert.Contains("budget", big.Reason);
    }

    [Fact]
    public void Cost_policy_takes_batch_when_it_is_cheaper_and_lambda_still_fits()
    {
        var costs = new CostModel(new CostModelOptions { BatchStartupSeconds = 0, BatchPricePerVcpuHour = 0.0001 }, "file");

        RouteDecision decision = new ChunkRouter(new RoutingOptions { Policy = RoutingPolicy.Cost }, costs).Decide(Chunk(1_000_000));

        Assert.Equal(Route.Batch, decision.Route);
        Assert.Contains("batch $", decision.Reason);
    }

    [Fact]
    public void Cost_model_follows_its_unit_prices_and_per_core_throughputs()
    {
        var costs = new CostModel(new CostModelOptions
        {
            LambdaMemoryMiB = CostModelOptions.LambdaMiBPerVcpu,
            LambdaPricePerGbSecond = 1,
            LambdaPricePerRequest = 0.5,
            PublishRecordsPerSecondPerCore = new Dictionary<string, double> { ["file"] = 100 },
            LambdaStartupSeconds = 1,
            BatchPricePerVcpuHour = 3600,
            BatchStartupSeconds = 10,
            BatchBaseVcpus = 2,
            BatchRecordsPerJobStep = 1000,
            BatchMaxVcpus = 4,
            BatchMemoryMiBPerVcpu = 100,
        }, "file");

        RouteEstimate lambda = costs.EstimateLambda(1000);
        Assert.Equal(11, lambda.Seconds, 6);
        Assert.Equal(11 * 1769 / 1024.0 + 0.5, lambda.CostUsd, 6);

        // Two vCPUs, but a chunk keeps one thread busy: 100 records/s, not 200.
        RouteEstimate small = costs.EstimateBatch(1000);
        Assert.Equal((2, 200), (small.Vcpus, small.MemoryMiB));
        Assert.Equal(10 + 1000 / 100.0, small.Seconds, 6);
        Assert.Equal(small.Seconds * 2, small.CostUsd, 6);

        RouteEstimate capped = costs.EstimateBatch(10_000);
        Assert.Equal(4, capped.Vcpus);
    }

    [Fact]
    public void An_uncalibrated_destination_falls_back_to_the_processing_rate_and_says_so()
    {
        var costs = new CostModel(new CostModelOptions { ProcessRecordsPerSecondPerCore = 50, LambdaMemoryMiB = CostModelOptions.LambdaMiBPerVcpu, LambdaStartupSeconds = 0 }, "sqs_core");

        Assert.False(costs.DestinationMeasured);
        Assert.Equal(2, costs.EstimateLambda(100).Seconds, 6);
    }

    [Fact]
    public void Bad_settings_are_named()
    {
        var threshold = Assert.Throws<ArgumentOutOfRangeException>(() => new RoutingOptions { BatchProcessingThreshold = -1 }.Validate());
        Assert.Contains("BATCH_PROCESSING_THRESHOLD", threshold.Message);
        var vcpus = Assert.Throws<ArgumentOutOfRangeException>(() => new CostModel(new CostModelOptions { BatchMaxVcpus = 1 }, "file"));
        Assert.Contains("BatchMaxVcpus", vcpus.Message);
    }

    /// <summary>A 200-bytes-per-record chunk of <paramref name="records"/> records.</summary>
    internal static ChunkPlanEntry Chunk(long records) => new()
    {
        ChunkId = 0,
        StartIndex = 0,
        EndIndex = records,
        ByteStart = 0,
        ByteEnd = records * 200,
        Records = records,
        Bytes = records * 200,
        Rejected = 0,
        FirstLine = 1,
    };
}
