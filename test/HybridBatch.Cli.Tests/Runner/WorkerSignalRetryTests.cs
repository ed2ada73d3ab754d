using System.Diagnostics;
using HybridBatch.Core.Processing;

namespace HybridBatch.Cli.Tests.Runner;

/// <summary>
/// Issue 15, item 6: a Batch-route worker ended by a signal (SIGKILL: the OOM killer, a lost host; SIGTERM during its
/// start-up) is retried like its Batch counterpart, and the run succeeds with every valid record exactly once and no
/// temporary file left by the killed attempt.
/// </summary>
public sealed class WorkerSignalRetryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    /// <summary>
    /// The worker freezes itself mid-publish (<c>HYBRIDBATCH_CRASH_AT=freeze-mid-step:50000</c>, which <c>run</c>
    /// forwards; attempt 1 only) and is killed while frozen: waiting for its output and killing it from here raced a
    /// worker that finished first. One chunk, so no other worker freezes.
    /// </summary>
    [Fact]
    public async Task A_worker_killed_with_sigkill_while_publishing_is_retried_and_the_run_succeeds()
    {
        (string input, string output) = await GenerateAsync();
        var environment = new Dictionary<string, string> { [CrashPoint.Variable] = "freeze-mid-step:50000" };
        Task<(int ExitCode, string Out, string Log)> run = RunAsync(input, output, chunkRecords: "200000", environment);

        int pid = 0;
        await WaitUntilAsync(() => run.IsCompleted || (pid = WorkerScan.Find(_folder.Path).Where(w => w.State is 'T' or 't').Select(w => w.Pid).FirstOrDefault()) != 0, TimeSpan.FromSeconds(60));
        Assert.False(run.IsCompleted, "the run ended before a worker froze itself mid-publish");
        Assert.True(Publishing(output), "the frozen worker has written neither progress nor an unfinished output part");
        Signal(pid, Posix.SigKill);

        (int exitCode, string stdout, string log) = await run;
        Assert.True(exitCode == 0, log + stdout);
        Assert.Contains($"(pid {pid}) exited with 137 (killed by signal 9); retrying", log);
        AssertEveryRecordOnce(output);
    }

    [Fact]
    public async Task A_worker_sent_sigterm_as_it_starts_is_retried_and_the_run_succeeds()
    {
        (string input, string output) = await GenerateAsync();
        Task<(int ExitCode, string Out, string Log)> run = RunAsync(input, output, chunkRecords: "100000");

        int pid = await FirstWorkerAsync(run);
        Signal(pid, Posix.SigTerm);

        (int exitCode, string stdout, string log) = await run;
        Assert.True(exitCode == 0, log + stdout);
        // Before its handler is in place the signal ends it (143); after, it stops cleanly (75). Both are retried.
        Assert.Matches($@"\(pid {pid}\) exited with (143 \(killed by signal 15\)|75); retrying", log);
        AssertEveryRecordOnce(output);
    }

    private async Task<(string Input, string Output)> GenerateAsync()
    {
        string input = _folder.File("orders.jsonl");
        (int generated, _, string log) = await CliRunner.RunAsync("generate", "--records", "200000", "--invalid-rate", "0.001", "--seed", "15", "--out", input);
        Assert.True(generated == 0, log);
        return (input, _folder.File("out"));
    }

    // Batch-route chunks (200,000 records: one, 100,000: two), one worker at a time, into files.
    private static Task<(int ExitCode, string Out, string Log)> RunAsync(string input, string output, string chunkRecords, IReadOnlyDictionary<string, string>? environment = null) =>
        Task.Run(() => CliRunner.RunAsync(environment, "run", input, "--schema", "orders", "--chunk-records", chunkRecords, "--threshold", "1000", "--batch-concurrency", "1", "--out", output));

    private async Task<int> FirstWorkerAsync(Task run)
    {
        int pid = 0;
        await WaitUntilAsync(() => run.IsCompleted || (pid = WorkerScan.Find(_folder.Path).Select(w => w.Pid).FirstOrDefault()) != 0, TimeSpan.FromSeconds(60));
        Assert.False(run.IsCompleted, "the run ended before a worker was seen");
        return pid;
    }

    private static bool Publishing(string output)
    {
        try
        {
            return Directory.Exists(output) && Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
                .Any(f => f.Contains(".partial-", StringComparison.Ordinal) || f.Contains($"{Path.DirectorySeparatorChar}progress{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false; // A file renamed or removed while listed: look again.
        }
    }

    private static void AssertEveryRecordOnce(string output)
    {
        string runFolder = Assert.Single(RunFiles.RunFolders(output));
        using var report = RunFiles.Report(runFolder);
        long valid = report.RootElement.GetProperty("totalRecords").GetInt64() - report.RootElement.GetProperty("rejected").GetInt64();
        IReadOnlyList<string> identities = RunFiles.Identities(RunFiles.OutputLines(runFolder));
        Assert.Equal(valid, identities.Count);
        Assert.Equal(valid, identities.Distinct().Count());
        Assert.Empty(RunFiles.Temporary(output));
    }

    // kill(2) from this process: no kill(1) to start between finding the worker and signalling it.
    private static void Signal(int pid, int signal) =>
        Assert.True(Posix.Signal(pid, signal), $"signal {signal} to pid {pid}: no such process");

    // Polls a condition the run makes true, bounded so a hang fails the test.
    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"timed out after {limit}");
            await Task.Delay(2);
        }
    }

    public void Dispose() => _folder.Dispose();
}
