using System.Text.Json;
using HybridBatch.Cli.Local;

namespace HybridBatch.Cli.Tests.Runner;

/// <summary>
/// Issue 15, items 4 and 8: one plan per run folder, one run of a file at a time, and runs that say what they did. A
/// re-run resumes with the same settings and says how far the earlier one got; other split settings are refused
/// (exit 2) naming the earlier plan and <c>--force</c>, so chunk files of two plans never mix and no record is
/// published twice; <c>--force</c> publishes again as a new attempt in its own folder; a finished run is not published
/// again; a second run while one holds the lock exits 75 naming the holder.
/// </summary>
public sealed class RunFolderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_rerun_resumes_says_how_far_the_earlier_run_got_and_the_report_splits_reused_from_published_now()
    {
        (string input, string output) = await GenerateAsync(1000);
        (int first, _, string firstLog) = await RunAsync(input, output, "--chunk-records", "100");
        Assert.True(first == 0, firstLog);
        string runFolder = Assert.Single(RunFiles.RunFolders(output));
        string runId = Path.GetFileName(runFolder);
        // As a killed run leaves it: 3 of its 10 chunks never finished.
        foreach (int chunk in new[] { 2, 5, 9 })
        {
            Unfinish(runFolder, chunk);
        }

        File.Delete(Path.Combine(runFolder, "report.json"));

        (int second, string report, string log) = await RunAsync(input, output, "--chunk-records", "100");

        Assert.True(second == 0, log + report);
        Assert.Contains($"resuming run {runId}: 7 of 10 chunks already published, 3 to go", log);
        using JsonDocument stored = RunFiles.Report(runFolder);
        JsonElement root = stored.RootElement;
        Assert.Equal(7, root.GetProperty("chunksReused").GetInt32());
        Assert.Equal(3, root.GetProperty("chunksPublishedNow").GetInt32());
        Assert.Equal(300, root.GetProperty("publishedNow").GetInt64());
        Assert.Equal(700, root.GetProperty("reusedRecords").GetInt64());
        Assert.Equal(1000, root.GetProperty("published").GetInt64());
        IReadOnlyList<string> identities = RunFiles.Identities(RunFiles.OutputLines(runFolder));
        Assert.Equal(1000, identities.Distinct().Count());
        Assert.Equal(1000, identities.Count);
        Assert.Contains("published by an earlier run", report);
    }

    [Fact]
    public async Task A_finished_run_is_not_published_again_without_force()
    {
        (string input, string output) = await GenerateAsync(500);
        Assert.Equal(0, (await RunAsync(input, output, "--chunk-records", "200")).ExitCode);
        string runFolder = Assert.Single(RunFiles.RunFolders(output));
        Dictionary<string, DateTime> written = Directory.GetFiles(Path.Combine(runFolder, "output")).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        (int exitCode, string report, string log) = await RunAsync(input, output, "--chunk-records", "200");

        Assert.True(exitCode == 0, log);
        Assert.Contains($"Run {Path.GetFileName(runFolder)} is already complete: 500 records published to file", log);
        Assert.Contains("--force", log);
        Assert.Contains("SUCCEEDED", report);
        Assert.Equal(written, Directory.GetFiles(Path.Combine(runFolder, "output")).ToDictionary(f => f, File.GetLastWriteTimeUtc));
        Assert.Single(RunFiles.RunFolders(output));
    }

    [Fact]
    public async Task A_rerun_with_another_chunk_size_is_refused_and_force_publishes_again_in_a_folder_of_its_own()
    {
        (string input, string output) = await GenerateAsync(1000);
        Assert.Equal(0, (await RunAsync(input, output, "--chunk-records", "500", "--threshold", "100")).ExitCode);
        string earlier = Assert.Single(RunFiles.RunFolders(output));
        // Not finished: one chunk is still to do, so only the settings can stop the re-run.
        Unfinish(earlier, 1);
        File.Delete(Path.Combine(earlier, "report.json"));

        (int refused, _, string refusal) = await RunAsync(input, output, "--chunk-records", "200", "--threshold", "100");

        Assert.Equal(2, refused);
        string message = refusal.Split('\n').First(l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains($"run {Path.GetFileName(earlier)}", message);
        Assert.Contains("--chunk-records 500 → 200", message);
        Assert.Contains("--chunk-records 500 --threshold 100", message);
        Assert.Contains("--force", message);
        Assert.Equal(1000 - 500, RunFiles.OutputLines(earlier).Count);

        (int forced, _, string forcedLog) = await RunAsync(input, output, "--chunk-records", "200", "--threshold", "100", "--force");

        Assert.True(forced == 0, forcedLog);
        IReadOnlyList<string> folders = RunFiles.RunFolders(output);
        Assert.Equal(2, folders.Count);
        string attempt2 = Assert.Single(folders, f => f.EndsWith("-a2", StringComparison.Ordinal));
        Assert.Equal(Path.GetFileName(earlier) + "-a2", Path.GetFileName(attempt2));
        IReadOnlyList<string> identities = RunFiles.Identities(RunFiles.OutputLines(attempt2));
        Assert.Equal(1000, identities.Count);
        Assert.Equal(1000, identities.Distinct().Count());
        Assert.All(identities, i => Assert.StartsWith(Path.GetFileName(attempt2) + ":", i));
        // The earlier plan's folder is as it was: its chunk files never mixed with the new plan's.
        Assert.Equal(500, RunFiles.OutputLines(earlier).Count);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(attempt2, "results")).Length);

        // A plain re-run now continues the latest attempt: it is complete.
        (int again, _, string againLog) = await RunAsync(input, output, "--chunk-records", "200", "--threshold", "100");
        Assert.True(again == 0, againLog);
        Assert.Contains($"Run {Path.GetFileName(attempt2)} is already complete", againLog);
    }

    [Fact]
    public async Task A_second_run_of_the_same_file_while_one_holds_the_lock_exits_75_naming_the_holder()
    {
        (string input, string output) = await GenerateAsync(300);
        (int planned, _, string planLog) = await CliRunner.RunAsync("plan", input, "--schema", "orders", "--out", output);
        Assert.True(planned == 0, planLog);
        string runId = Path.GetFileName(Assert.Single(RunFiles.RunFolders(output)));

        using (await RunLock.AcquireAsync(Path.Combine(output, "runs"), runId, CancellationToken.None))
        {
            (int exitCode, _, string log) = await RunAsync(input, output);

            Assert.Equal(75, exitCode);
            string message = log.Split('\n').First(l => l.StartsWith("error:", StringComparison.Ordinal));
            Assert.Contains($"run {runId} is already running into this folder: pid {Environment.ProcessId}", message);
            Assert.Empty(Directory.GetDirectories(Path.Combine(output, "runs", runId), "results"));
        }

        // Released (as the kernel releases it when its holder dies): the next run goes ahead.
        (int after, _, string afterLog) = await RunAsync(input, output);
        Assert.True(after == 0, afterLog);
    }

    [Fact]
    public async Task Two_runs_of_the_same_file_started_together_never_publish_a_record_twice()
    {
        (string input, string output) = await GenerateAsync(20000);

        (int ExitCode, string Out, string Log)[] runs = await Task.WhenAll(
            Task.Run(() => RunAsync(input, output, "--chunk-records", "2000")),
            Task.Run(() => RunAsync(input, output, "--chunk-records", "2000")));

        // One runs; the other is kept out (75), or, started after the first finished, finds it complete (0).
        Assert.Contains(runs, r => r.ExitCode == 0);
        Assert.All(runs, r => Assert.True(r.ExitCode is 0 or 75, r.Log));
        string runFolder = Assert.Single(RunFiles.RunFolders(output));
        IReadOnlyList<string> identities = RunFiles.Identities(RunFiles.OutputLines(runFolder));
        Assert.Equal(20000, identities.Count);
        Assert.Equal(20000, identities.Distinct().Count());
    }

    // A chunk as a run killed before it started leaves it: no result, no progress, no output.
    private static void Unfinish(string runFolder, int chunk)
    {
        File.Delete(Path.Combine(runFolder, "results", $"chunk-{chunk:D5}.json"));
        if (Directory.Exists(Path.Combine(runFolder, "progress")))
        {
            File.Delete(Path.Combine(runFolder, "progress", $"chunk-{chunk:D5}.json"));
        }

        foreach (string part in Directory.GetFiles(Path.Combine(runFolder, "output"), $"chunk-{chunk:D5}*"))
        {
            File.Delete(part);
        }
    }

    private async Task<(string Input, string Output)> GenerateAsync(int records)
    {
        string input = _folder.File("orders.jsonl");
        (int generated, _, string log) = await CliRunner.RunAsync("generate", "--records", records.ToString(System.Globalization.CultureInfo.InvariantCulture), "--invalid-rate", "0", "--seed", "4", "--out", input);
        Assert.True(generated == 0, log);
        return (input, _folder.File("out"));
    }

    private static Task<(int ExitCode, string Out, string Log)> RunAsync(string input, string output, params string[] settings) =>
        CliRunner.RunAsync(["run", input, "--schema", "orders", "--out", output, .. settings]);

    public void Dispose() => _folder.Dispose();
}
