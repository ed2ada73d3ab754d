using HybridBatch.Cli.Local;

namespace HybridBatch.Cli.Tests.Runner;

/// <summary>Issue 15, item 6: the runner relays a worker's own error message, never a line of its stack trace.</summary>
public sealed class WorkerLogTests
{
    [Fact]
    public void The_first_error_line_is_relayed_not_the_stack_frames_after_it()
    {
        var log = new WorkerLog();
        foreach (string line in new[]
        {
            "Chunk 3: 120,000 records",
            "error: IOException: No space left on device : '/data/out/runs/r/output/chunk-00003.jsonl'",
            "   at System.IO.RandomAccess.WriteAtOffset(SafeFileHandle handle, ReadOnlySpan`1 buffer, Int64 fileOffset)",
            "--- End of stack trace from previous location ---",
            "   at HybridBatch.Adapters.Sinks.FileSink.CommitStepAsync(ChunkCheckpoint reached, CancellationToken cancellationToken)",
        })
        {
            log.Add(line);
        }

        Assert.Equal("error: IOException: No space left on device : '/data/out/runs/r/output/chunk-00003.jsonl'", log.Message);
    }

    [Fact]
    public void Without_an_error_line_the_last_line_that_is_no_stack_frame_is_relayed()
    {
        var log = new WorkerLog();
        log.Add("Unhandled exception. System.InvalidOperationException: boom");
        log.Add("   at Program.Main()");

        Assert.Equal("Unhandled exception. System.InvalidOperationException: boom", log.Message);
        Assert.Null(new WorkerLog().Message);
    }

    [Fact]
    public void The_json_log_lines_for_cloudwatch_are_not_relayed_to_the_console()
    {
        var log = new WorkerLog();
        log.Add("Unhandled exception. System.InvalidOperationException: boom");
        log.Add("{\"level\":\"INFO\",\"message\":\"Chunk 0 attempt 1 starts at record 0\",\"run_id\":\"r\",\"chunk_id\":\"0\"}");

        Assert.Equal("Unhandled exception. System.InvalidOperationException: boom", log.Message);

        var onlyJson = new WorkerLog();
        onlyJson.Add("{\"level\":\"INFO\",\"message\":\"Chunk 0 attempt 1 starts at record 0\"}");
        Assert.Null(onlyJson.Message);
    }

    [Theory]
    [InlineData(137, 9)]
    [InlineData(143, 15)]
    [InlineData(-9, 9)]
    public void A_death_by_signal_is_read_from_the_exit_code(int exitCode, int signal) =>
        Assert.Equal(signal, ExitCodes.KilledBy(exitCode));

    [Theory]
    [InlineData(0)]
    [InlineData(75)]
    [InlineData(128)]
    public void An_ordinary_exit_is_no_death_by_signal(int exitCode) => Assert.Null(ExitCodes.KilledBy(exitCode));
}
