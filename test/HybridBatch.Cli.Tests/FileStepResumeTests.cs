using HybridBatch.Core.Processing;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// The file destination's steps: one part per step, renamed into place when the step commits. A chunk of 5 steps
/// killed in step 3 keeps parts 1 and 2 untouched, the retry writes parts 3 to 5 only, and the result's counts are
/// those of one uninterrupted run.
/// </summary>
public sealed class FileStepResumeTests
{
    [Fact]
    public async Task A_chunk_of_five_steps_killed_in_step_3_resumes_at_step_3s_first_record()
    {
        using StepRun run = await StepRun.ValidateAsync(records: 25_000);
        StepRun.Trial trial = await run.NewTrialAsync();
        (string, string)[] settings = [("RECORD_DESTINATION", "file"), (ProcessOptions.StepRecordsVariable, "5000"), (CrashPoint.Variable, "mid-step:12500")];

        (int first, string log) = await trial.AttemptAsync(1, settings);

        Assert.True(first == 128 + 9, $"attempt 1 exited {first}, expected SIGKILL:\n{log}");
        string[] committed = Parts(trial);
        Assert.Equal(["chunk-00000.step-00000.jsonl", "chunk-00000.step-00001.jsonl"], committed.Select(Path.GetFileName));
        DateTime[] written = [.. committed.Select(File.GetLastWriteTimeUtc)];
        string before = string.Concat(committed.Select(File.ReadAllText));

        (int second, log) = await trial.AttemptAsync(2, settings);

        Assert.True(second == 0, log);
        trial.AssertSucceededWithPlannedCounts(log);
        trial.AssertExactlyOnce(trial.FileIndexes(), "the file destination after attempt 2");
        string[] parts = Parts(trial);
        Assert.Equal(5, parts.Length);
        // Steps 1 and 2 are attempt 1's, not sent again; step 3's part starts at step 3's first record.
        Assert.Equal(written, parts.Take(2).Select(File.GetLastWriteTimeUtc));
        Assert.Equal(before, string.Concat(parts.Take(2).Select(File.ReadAllText)));
        Assert.InRange(FirstIndex(parts[2]), 10_000, 10_100);
        Assert.True(FirstIndex(parts[1]) < 10_000 && FirstIndex(parts[2]) > LastIndex(parts[1]));
        Assert.Empty(Directory.GetFiles(trial.Output, "*.partial-*", SearchOption.AllDirectories));
    }

    private static string[] Parts(StepRun.Trial trial) => [.. Directory.GetFiles(trial.Output, "chunk-00000.step-*.jsonl").Order(StringComparer.Ordinal)];

    private static long FirstIndex(string part) => Index(File.ReadLines(part).First());

    private static long LastIndex(string part) => Index(File.ReadLines(part).Last());

    private static long Index(string line)
    {
        using var envelope = System.Text.Json.JsonDocument.Parse(line);
        return long.Parse(envelope.RootElement.GetProperty("headers").GetProperty("recordIndex").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
