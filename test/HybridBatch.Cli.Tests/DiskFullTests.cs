using System.Globalization;
using HybridBatch.Cli.Local;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// Issue 15 item 5, a full disk under <c>--out</c>: the run stops with exit 1, "no space left on device" and the
/// path, no .NET stack trace; what was committed stays, and the same command completes once there is space. The
/// disk is a real one: a small tmpfs mounted in a private mount namespace (<c>unshare</c>), so the kernel itself
/// answers ENOSPC, then remounted bigger for the re-run.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private const int Records = 5000;
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_full_disk_under_out_exits_1_naming_the_path_and_the_rerun_with_space_completes()
    {
        string input = _folder.File("orders.jsonl");
        (int generated, _, string generateLog) = await CliRunner.RunAsync("generate", "--schema", "orders", "--records", Records.ToString(CultureInfo.InvariantCulture), "--invalid-rate", "0.002", "--seed", "21", "--out", input);
        Assert.True(generated == 0, generateLog);
        string mount = _folder.File("disk");
        Directory.CreateDirectory(mount);
        (string fileName, IReadOnlyList<string> prefix) = WorkerCommand.Resolve();
        string hybridbatch = string.Join(' ', new[] { fileName }.Concat(prefix).Select(Quote));
        // Chunks on both routes: 2,000-record chunks go to 'process' workers, the last 1,000 run in the runner.
        string run = $"{hybridbatch} run {Quote(input)} --schema orders --out {Quote(mount + "/out")} --chunk-records 2000 --threshold 1500";
        string script = string.Join('\n',
            "set -u",
            $"mount -t tmpfs -o size=400k tmpfs {Quote(mount)} || exit 90",
            $"{run} > {Quote(_folder.File("first.out"))} 2> {Quote(_folder.File("first.err"))}; echo first=$?",
            $"echo leftover_tmp=$(find {Quote(mount)} -name '*.tmp-*' | wc -l)",
            $"echo leftover_partial=$(find {Quote(mount)} -name '*.partial-*' | wc -l)",
            $"mount -o remount,size=64m {Quote(mount)} || exit 91",
            $"{run} > {Quote(_folder.File("second.out"))} 2> {Quote(_folder.File("second.err"))}; echo second=$?",
            $"echo lines=$(cat {Quote(mount)}/out/runs/*/output/chunk-*.jsonl | wc -l)",
            $"echo rejected=$(cat {Quote(mount)}/out/runs/*/rejects.jsonl | wc -l)");

        (int exitCode, string output, string error) = await ChildProcess.RunAsync(
            "unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", script], _folder.Path, null, TimeSpan.FromMinutes(5));

        Assert.True(exitCode == 0, $"the tmpfs could not be set up (unshare/mount, exit {exitCode}): {error}{output}");
        Dictionary<string, string> facts = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim());
        string firstLog = File.ReadAllText(_folder.File("first.err")) + File.ReadAllText(_folder.File("first.out"));
        Assert.True(facts["first"] == "1", $"first run exit {facts["first"]}: {firstLog}");
        string errorLine = Assert.Single(firstLog.Split('\n'), line => line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("no space left on device", errorLine, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(mount + "/out", errorLine);
        Assert.DoesNotContain("   at ", firstLog);
        Assert.Equal("0", facts["leftover_tmp"]);

        string secondLog = File.ReadAllText(_folder.File("second.err")) + File.ReadAllText(_folder.File("second.out"));
        Assert.True(facts["second"] == "0", $"re-run exit {facts["second"]}: {secondLog}");
        Assert.Contains("SUCCEEDED", secondLog);
        long rejected = long.Parse(facts["rejected"], CultureInfo.InvariantCulture);
        Assert.True(rejected > 0, "the input has invalid records, so the count below is not all of them");
        Assert.Equal(Records - rejected, long.Parse(facts["lines"], CultureInfo.InvariantCulture));
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public void Dispose() => _folder.Dispose();
}
