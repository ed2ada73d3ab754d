using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Tests.Support;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Tests.Parquet;

/// <summary>
/// Where Parquet runs: a host that cannot read it (the Native AOT Lambda) hands every Parquet object to the Batch
/// validation job unread and routes every Parquet chunk to Batch; hosts that can read it route by size as usual.
/// </summary>
public sealed class ParquetWhereItRunsTests
{
    private static readonly ObjectLocation s_input = new("in", "drop/small.parquet");

    [Fact]
    public async Task A_split_that_does_not_read_parquet_defers_even_a_tiny_parquet_object_unread()
    {
        var store = new InMemoryObjectStore();
        store.Put(s_input, "PAR1 not even parsed PAR1"u8.ToArray());
        var request = new SplitRequest(s_input, RecordSchema.Load("""{"type":"object"}"""u8, "any"), InputFormat.Detect(s_input.Key), "work", new SplitOptions(), new GateOptions());

        BoundedSplitResult result = await new BoundedSplit(store, new SplitRun(store, null, TimeProvider.System), maxObjectBytes: 1 << 30, splitsParquet: false)
            .ExecuteAsync(request, CancellationToken.None);

        Assert.True(result.NeedsBatchValidation);
        Assert.Contains("Parquet is read by the Batch validation job", Assert.Single(result.Summary.GateReasons));
        Assert.Empty(await store.ListAsync("work", "", CancellationToken.None));
    }

    [Fact]
    public void A_parquet_chunk_goes_to_batch_where_the_lambda_does_not_read_parquet_and_by_size_elsewhere()
    {
        var chunk = new ChunkPlanEntry
        {
            ChunkId = 0, StartIndex = 0, EndIndex = 10, ByteStart = 4, ByteEnd = 400, Records = 10, Bytes = 396, Rejected = 0, FirstLine = 1,
            FirstRowGroup = 0, RowGroups = 1,
        };
        var costs = new CostModel(new CostModelOptions(), "discard");

        RouteDecision aot = new ChunkRouter(new RoutingOptions { LambdaReadsParquet = false }, costs).Decide(chunk);
        RouteDecision jit = new ChunkRouter(new RoutingOptions(), costs).Decide(chunk);
        RouteDecision jsonLines = new ChunkRouter(new RoutingOptions { LambdaReadsParquet = false }, costs).Decide(chunk with { FirstRowGroup = null, RowGroups = null });

        Assert.Equal(Route.Batch, aot.Route);
        Assert.Contains("Parquet chunk", aot.Reason);
        Assert.Equal(Route.Lambda, jit.Route);
        Assert.Equal(Route.Lambda, jsonLines.Route);
    }
}
