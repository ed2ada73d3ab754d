using System.Diagnostics;
using System.Text.Json;
using HybridBatch.Cli.Local;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// SIGTERM (spot reclaim, job timeout) during <c>hybridbatch process</c>: a clean stop with the "retry me" exit
/// code, no partial output, and a second attempt that delivers exactly what an uninterrupted run delivers.
/// </summary>
/// <remarks>
/// The worker is frozen with SIGSTOP after its first progress checkpoint and sent SIGTERM while frozen, so the signal
/// lands mid-chunk however fast the machine is; the chunk need not be large to give it time (100,000 records, two
/// steps of the default 50,000, where 600,000 records were once generated, planned and published three times).
/// </remarks>
public class InterruptTests : IDisposable
{
    private const string Records = "100000";

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Sigterm_mid_chunk_exits_75_and_the_retry_delivers_the_whole_chunk()
    {
        string input = _folder.File("orders.jsonl");
        string work = _folder.File("out");
        await CliRunner.RunAsync("generate", "--records", Records, "--invalid-rate", "0.001", "--out", input);
        (int planned, _, string planLog) = await CliRunner.RunAsync("plan", input, "--schema", "orders", "--chunk-records", Records, "--out", work);
        Assert.True(planned == 0, planLog);
        string runId = Path.GetFileName(Assert.Single(Directory.GetDirectories(Path.Combine(work, "runs"))));
        string runFolder = Path.Combine(work, "runs", runId);
        string[] args = ["process", "--work", work, "--run-id", runId, "--chunk-id", "0", "--progress-interval", "0.01"];

        using Process first = Start(args);
        await WaitForAsync(() => File.Exists(Path.Combine(runFolder, "progress", "chunk-00000.json")) || first.HasExited);
        Assert.False(first.HasExited, "the worker finished before it could be interrupted");
        await SignalAsync(first, "STOP");
        Assert.False(first.HasExited, "the worker finished before it could be stopped mid-chunk");
        await SignalAsync(first, "TERM");
        await SignalAsync(first, "CONT");

        await first.WaitForExitAsync();
        Assert.Equal(75, first.ExitCode);
        // What the first attempt committed (whole steps, if any) stays; the retry resumes after it.
        string output = Path.Combine(runFolder, "output");
        using (JsonDocument interrupted = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "results", "chunk-00000.json"))))
        {
            Assert.Equal("failed", interrupted.RootElement.GetProperty("status").GetString());
            Assert.Equal("Interrupted", interrupted.RootElement.GetProperty("errorType").GetString());
        }

        using Process second = Start([.. args, "--attempt", "2"]);
        await second.WaitForExitAsync();
        Assert.Equal(0, second.ExitCode);
        string retried = OutputParts.Read(output, chunkId: 0);
        // Else the succeeded (and checkpointed) chunk is not processed again.
        Directory.Delete(output, recursive: true);
        File.Delete(Path.Combine(runFolder, "results", "chunk-00000.json"));
        File.Delete(Path.Combine(runFolder, "progress", "chunk-00000.json"));
        (int clean, _, _) = await CliRunner.RunAsync(args);
        Assert.Equal(0, clean);
        Assert.Equal(OutputParts.Read(output, chunkId: 0), retried);
        using JsonDocument plan = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "plan.json")));
        Assert.Equal(plan.RootElement.GetProperty("validRecords").GetInt64(), retried.Count(c => c == '\n'));
    }

    private static Process Start(string[] args)
    {
        (string fileName, IReadOnlyList<string> prefix) = WorkerCommand.Resolve();
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in prefix.Concat(args))
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task SignalAsync(Process process, string name)
    {
        using Process kill = Process.Start("kill", ["-" + name, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill -{name} {process.Id} failed");
    }

    // Polls a condition the worker makes true (its progress object), bounded so a hang fails the test.
    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "timed out waiting for the worker");
            await Task.Delay(5);
        }
    }

    public void Dispose() => _folder.Dispose();
}
