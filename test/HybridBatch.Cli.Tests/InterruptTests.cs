using System.Text.Json;
using HybridBatch.Core.Processing;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// SIGTERM (spot reclaim, job timeout) during <c>hybridbatch process</c>: a clean stop with the "retry me" exit
/// code, no partial output, and a second attempt that delivers exactly what an uninterrupted run delivers.
/// </summary>
/// <remarks>
/// The worker freezes itself with SIGSTOP in its second step (<c>HYBRIDBATCH_CRASH_AT=freeze-mid-step:60000</c>) and
/// is sent SIGTERM while frozen, so the signal lands mid-chunk however fast the machine is; the chunk need not be large
/// to give it time (100,000 records, two steps of the default 50,000, where 600,000 records were once generated,
/// planned and published three times). Waiting for its first progress object and sending SIGSTOP from here raced a
/// worker that finished first.
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
        string[] args = ["process", "--work", work, "--run-id", runId, "--chunk-id", "0"];
        Dictionary<string, string?> environment = HermeticEnvironment.With((CrashPoint.Variable, "freeze-mid-step:60000"));

        using (WorkerProcess first = WorkerProcess.Start(args, environment))
        {
            await first.WaitUntilFrozenAsync(TimeSpan.FromMinutes(2));
            await first.Signal("TERM");
            await first.Signal("CONT");
            int exitCode = await first.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 75, $"attempt 1 exited {exitCode}, expected 75 (retry me)\n{first.Log}");
        }

        // The first step (50,000 records) was committed before the freeze: it stays, and the retry resumes after it.
        using (JsonDocument progress = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "progress", "chunk-00000.json"))))
        {
            Assert.Equal(1, progress.RootElement.GetProperty("checkpoint").GetProperty("step").GetInt32());
        }

        string output = Path.Combine(runFolder, "output");
        using (JsonDocument interrupted = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "results", "chunk-00000.json"))))
        {
            Assert.Equal("failed", interrupted.RootElement.GetProperty("status").GetString());
            Assert.Equal("Interrupted", interrupted.RootElement.GetProperty("errorType").GetString());
        }

        using (WorkerProcess second = WorkerProcess.Start([.. args, "--attempt", "2"], environment))
        {
            int exitCode = await second.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 0, $"attempt 2 exited {exitCode}\n{second.Log}");
        }

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

    public void Dispose() => _folder.Dispose();
}
