using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Core.Tests.Routing;

/// <summary>
/// The defaults must make the hybrid real (issue 14, item 10): with chunks larger than the threshold every full
/// chunk went to Batch and only a file's tail ran on Lambda.
/// </summary>
public class HybridDefaultsTests
{
    [Fact]
    public void The_threshold_stays_the_replaced_systems_290000()
    {
        Assert.Equal(290_000, new RoutingOptions().BatchProcessingThreshold);
    }

    [Fact]
    public void A_default_chunk_is_at_most_the_threshold_so_a_large_file_fans_out_over_lambda()
    {
        int chunkRecords = new SplitOptions().ChunkRecords;
        var router = new ChunkRouter(new RoutingOptions(), new CostModel(new CostModelOptions(), "file"));

        Assert.True(chunkRecords <= new RoutingOptions().BatchProcessingThreshold, $"default chunk of {chunkRecords:N0} records is over the threshold");
        RouteDecision full = router.Decide(Chunk(chunkRecords));
        Assert.Equal(Route.Lambda, full.Route);
        Assert.DoesNotContain("lower the threshold", full.Reason);
    }

    [Fact]
    public void The_cost_policy_agrees_that_a_default_chunk_is_cheaper_on_lambda()
    {
        var router = new ChunkRouter(new RoutingOptions { Policy = RoutingPolicy.Cost }, new CostModel(new CostModelOptions(), "file"));

        Assert.Equal(Route.Lambda, router.Decide(Chunk(new SplitOptions().ChunkRecords)).Route);
    }

    [Fact]
    public void Batch_takes_a_chunk_when_a_user_asks_for_chunks_over_the_threshold()
    {
        var router = new ChunkRouter(new RoutingOptions(), new CostModel(new CostModelOptions(), "file"));

        Assert.Equal(Route.Batch, router.Decide(Chunk(new RoutingOptions().BatchProcessingThreshold + 1)).Route);
    }

    private static ChunkPlanEntry Chunk(long records) => ChunkRouterTests.Chunk(records);
}
