using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Tests.Support;

namespace HybridBatch.Core.Tests.Processing;

/// <summary>Steps and checkpoints in the chunk processor, and the crash-point setting.</summary>
public class ChunkStepTests
{
    // 10 records, one of them rejected (index 4), lines of different lengths, a blank line inside.
    private const string Text = "{\"id\":1}\n{\"id\":22}\n{\"id\":333}\n{\"id\":4444}\n{\"id\":\"x\"}\n\n{\"id\":6}\n{\"id\":77}\n{\"id\":8}\n{\"id\":9}\n{\"id\":10}\n";

    [Fact]
    public async Task A_step_commits_every_n_records_and_the_final_step_reaches_the_chunks_end()
    {
        (ChunkPlan plan, byte[] data) = await ChunkProcessorTests.Plan(Text, InputFormat.JsonLines, chunkRecords: 100);
        ChunkPlanEntry chunk = Assert.Single(plan.Chunks);
        var sink = new RecordingSink();

        ChunkCheckpoint done = await Processor(plan, stepRecords: 3).ProcessAsync(chunk, new MemoryStream(data), sink,
            ChunkCheckpoint.Start(plan.RunId, chunk), attempt: 1, observer: null, CancellationToken.None);

        Assert.Equal([3L, 6, 9, 10], sink.Steps.Select(s => s.NextIndex));
        Assert.Equal([1, 2, 3, 4], sink.Steps.Select(s => s.Step));
        Assert.Equal([3, 2, 3, 1], sink.StepMessages);
        Assert.Equal(done, sink.Steps[^1]);
        Assert.True(done.IsFinal(chunk));
        Assert.Equal((10L, 9L, 1L, (long)data.Length), (done.Records, done.Published, done.Skipped, done.ByteOffset));
    }

    [Fact]
    public async Task Resuming_from_every_checkpoint_publishes_exactly_the_rest_with_the_counts_of_one_run()
    {
        (ChunkPlan plan, byte[] data) = await ChunkProcessorTests.Plan(Text, InputFormat.JsonLines, chunkRecords: 100);
        ChunkPlanEntry chunk = Assert.Single(plan.Chunks);
        var whole = new RecordingSink();
        await Processor(plan, stepRecords: 2).ProcessAsync(chunk, new MemoryStream(data), whole,
            ChunkCheckpoint.Start(plan.RunId, chunk), attempt: 1, observer: null, CancellationToken.None);

        foreach (ChunkCheckpoint from in whole.Steps.SkipLast(1))
        {
            var rest = new RecordingSink();
            // The data from the checkpoint's byte offset on, as a ranged read would open it.
            ChunkCheckpoint done = await Processor(plan, stepRecords: 2).ProcessAsync(chunk, new MemoryStream(data[(int)from.ByteOffset..]), rest,
                from, attempt: 2, observer: null, CancellationToken.None);

            Assert.Equal(whole.Messages.Where(m => m.Index >= from.NextIndex), rest.Messages);
            Assert.Equal(whole.Steps[^1] with { Step = done.Step }, done);
            Assert.Equal(whole.Steps.Count, done.Step);
            // Line numbers carry on too: the checkpoint of each later step is the uninterrupted run's.
            Assert.Equal(whole.Steps.Where(s => s.Step > from.Step), rest.Steps);
        }
    }

    [Fact]
    public async Task A_checkpoint_of_another_chunk_or_outside_the_range_is_refused()
    {
        (ChunkPlan plan, byte[] data) = await ChunkProcessorTests.Plan(Text, InputFormat.JsonLines, chunkRecords: 100);
        ChunkPlanEntry chunk = Assert.Single(plan.Chunks);
        ChunkCheckpoint start = ChunkCheckpoint.Start(plan.RunId, chunk);

        foreach (ChunkCheckpoint wrong in new[] { start with { RunId = "other" }, start with { NextIndex = 11, Records = 11, Published = 11 }, start with { Records = 3 } })
        {
            await Assert.ThrowsAsync<ChunkDataException>(() => Processor(plan, stepRecords: 2).ProcessAsync(chunk, new MemoryStream(data), new RecordingSink(),
                wrong, attempt: 1, observer: null, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData("after-commit", CrashPointKind.AfterCommit, 0)]
    [InlineData(" before-checkpoint ", CrashPointKind.BeforeCheckpoint, 0)]
    [InlineData("mid-step:12500", CrashPointKind.MidStep, 12500)]
    [InlineData("freeze-mid-step:30000", CrashPointKind.MidStep, 30000)]
    public void Crash_points_parse(string text, CrashPointKind kind, long records)
    {
        CrashPoint point = CrashPoint.Parse(text)!;

        Assert.Equal((kind, records, text.StartsWith("freeze-", StringComparison.Ordinal)), (point.Kind, point.Records, point.Freeze));
        Assert.Equal(text.Trim(), point.ToString());
    }

    [Theory]
    [InlineData("after_commit")]
    [InlineData("mid-step:0")]
    [InlineData("mid-step:")]
    [InlineData("mid-step:-3")]
    [InlineData("freeze-after-commit")]
    [InlineData("freeze-mid-step:0")]
    public void A_bad_crash_point_is_refused_naming_the_variable(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => CrashPoint.Parse(text));

        Assert.StartsWith("HYBRIDBATCH_CRASH_AT must be after-commit, before-checkpoint, mid-step:N or freeze-mid-step:N", error.Message);
        Assert.Null(CrashPoint.Parse(null));
        Assert.Null(CrashPoint.Parse(""));
    }

    private static ChunkProcessor Processor(ChunkPlan plan, int stepRecords) =>
        new(plan, TestSchemas.IdAndName, new ProcessOptions { StepRecords = stepRecords, BatchMessages = 2 });
}
