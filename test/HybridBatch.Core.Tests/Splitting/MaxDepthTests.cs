using System.Text;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Tests.Processing;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary><c>--max-depth</c>: validated in one place, applied by the split, carried in the plan to the worker.</summary>
public class MaxDepthTests
{
    private static readonly RecordSchema _anything = RecordSchema.Load("{}"u8, "anything");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(JsonDepthLimit.Ceiling + 1)]
    public void Out_of_range_depths_are_refused_naming_the_setting(int maxDepth)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SplitOptions { MaxDepth = maxDepth }.Validate());

        Assert.Contains("--max-depth", error.Message);
    }

    [Fact]
    public async Task The_split_applies_the_configured_depth_and_names_it_in_the_reject()
    {
        string text = Nested(3) + "\n" + Nested(4) + "\n";
        var splitter = new Splitter(_anything, InputFormat.JsonLines, new SplitOptions { MaxDepth = 3 });

        SplitOutcome outcome = await splitter.SplitAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), Stream.Null, null, CancellationToken.None);

        Assert.Equal(1L, outcome.RejectedRecords);
        Assert.Equal("nesting deeper than 3 (--max-depth) at byte 3", outcome.FirstErrors.Single().Reason);
    }

    [Fact]
    public async Task The_worker_applies_the_depth_the_plan_carries()
    {
        // 70 levels pass a split allowed 100, and must pass the worker too (its default would be 64).
        string text = Nested(70) + "\n" + Nested(101) + "\n";
        byte[] data = Encoding.UTF8.GetBytes(text);
        var splitter = new Splitter(_anything, InputFormat.JsonLines, new SplitOptions { MaxDepth = 100 });
        SplitOutcome outcome = await splitter.SplitAsync(new MemoryStream(data), Stream.Null, null, CancellationToken.None);
        (ChunkPlan plan, _) = await ChunkProcessorTests.Plan("{\"id\":1}\n", InputFormat.JsonLines, chunkRecords: 10);
        plan = plan with { MaxDepth = 100, Chunks = outcome.Chunks, SourceSize = data.Length };
        var sink = new RecordingSink();

        ChunkCounts counts = await new ChunkProcessor(plan, _anything, new ProcessOptions())
            .ProcessAsync(outcome.Chunks[0], new MemoryStream(data), sink, null, CancellationToken.None);

        Assert.Equal(1L, outcome.RejectedRecords);
        Assert.Equal(new ChunkCounts(2, 1, 1), counts);
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);
}
