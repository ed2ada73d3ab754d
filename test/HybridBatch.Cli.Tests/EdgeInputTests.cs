using System.Runtime.Versioning;
using System.Text.Json;
using HybridBatch.Cli.Local;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// Issue 15 item 5, the edge inputs of a hostile pass: each is refused before any work with exit 2 (usage), a
/// first line that names the path or setting, and no .NET stack trace. Linux only: pipes, devices and /proc.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class EdgeInputTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_directory_input_is_a_directory_not_missing()
    {
        string input = _folder.File("folder.jsonl");
        Directory.CreateDirectory(input);

        await AssertRefusedAsync(["plan", input, "--schema", "orders", "--out", Out()], $"error: plan: input {input} is a directory, not a file");
        await AssertRefusedAsync(["run", input, "--schema", "orders", "--out", Out()], $"error: run: input {input} is a directory, not a file");
    }

    [Fact]
    public async Task A_named_pipe_is_refused_before_it_is_opened()
    {
        string fifo = _folder.File("pipe.jsonl");
        (int made, _, string err) = await ChildProcess.RunAsync("mkfifo", [fifo], _folder.Path, null, s_limit);
        Assert.True(made == 0, err);

        // Opening a pipe with no writer blocks: the limit turns a regression into a failure, not a hang.
        await AssertRefusedAsync(["run", fifo, "--schema", "orders", "--out", Out()],
            $"error: run: input {fifo} is a named pipe (FIFO), not a regular file: an input must be a regular file whose size is stable; copy it to a file first");
    }

    [Fact]
    public async Task A_character_device_is_refused()
    {
        await AssertRefusedAsync(["plan", "/dev/zero", "--format", "jsonl", "--schema", "orders", "--out", Out()],
            "error: plan: input /dev/zero is a character device, not a regular file: an input must be a regular file whose size is stable; copy it to a file first");
    }

    [Fact]
    public async Task A_proc_file_whose_size_reads_zero_but_holds_data_is_refused()
    {
        await AssertRefusedAsync(["plan", "/proc/self/status", "--format", "jsonl", "--schema", "orders", "--out", Out()],
            "error: plan: input /proc/self/status reports a size of 0 bytes but holds data (a /proc or /sys file?): an input must be a regular file whose size is stable; copy it to a file first");
    }

    [Fact]
    public async Task A_dangling_symlink_is_no_such_file_naming_link_and_target()
    {
        string link = _folder.File("link.jsonl");
        string target = _folder.File("gone.jsonl");
        File.CreateSymbolicLink(link, target);

        await AssertRefusedAsync(["run", link, "--schema", "orders", "--out", Out()],
            $"error: run: input no such file: {link} is a symbolic link to {target}, which does not exist");
    }

    [Fact]
    public async Task An_empty_input_path_is_refused()
    {
        await AssertRefusedAsync(["plan", "", "--schema", "orders", "--out", Out()],
            "error: plan: the input path is empty: name a file, e.g. 'hybridbatch plan orders.jsonl --schema orders'");
    }

    [Fact]
    public async Task An_unreadable_input_is_permission_denied_exit_2()
    {
        string input = await OrdersAsync();
        File.SetUnixFileMode(input, UnixFileMode.None);
        string expected = $"error: plan: input permission denied: cannot read {input}";
        if (Environment.UserName != "root")
        {
            await AssertRefusedAsync(["plan", input, "--schema", "orders", "--out", Out()], expected);
            return;
        }

        // Root reads any file: run the real executable without root's override capabilities instead.
        (int exitCode, string output, string log) = await WithoutRootOverrideAsync(["plan", input, "--schema", "orders", "--out", Out()]);
        AssertRefusal(exitCode, output + log, expected);

        // A file behind a folder closed to the user: not "no such file", since it may well be there.
        string closed = _folder.File("closed");
        Directory.CreateDirectory(closed);
        string hidden = Path.Combine(closed, "orders.jsonl");
        File.Copy(_folder.File("orders.jsonl"), hidden);
        File.SetUnixFileMode(closed, UnixFileMode.None);
        (exitCode, output, log) = await WithoutRootOverrideAsync(["plan", hidden, "--schema", "orders", "--out", Out()]);
        AssertRefusal(exitCode, output + log, $"error: plan: input permission denied: cannot reach {hidden} (a folder on its path is closed to this user)");
    }

    [Fact]
    public async Task An_out_that_is_a_file_is_refused()
    {
        string input = await OrdersAsync();
        string file = _folder.File("taken");
        File.WriteAllText(file, "x");

        await AssertRefusedAsync(["run", input, "--schema", "orders", "--out", file], $"error: run: --out {file} is a file, not a folder");
        await AssertRefusedAsync(["process", "--work", file, "--run-id", "r", "--chunk-id", "0"], $"error: process: --work {file} is a file, not a folder");
    }

    [Fact]
    public async Task An_empty_out_is_refused()
    {
        string input = await OrdersAsync();
        await AssertRefusedAsync(["run", input, "--schema", "orders", "--out", ""], "error: run: --out is empty: name a folder, e.g. --out out");
    }

    [Fact]
    public async Task A_read_only_out_is_refused()
    {
        string input = await OrdersAsync();
        string readOnly = _folder.File("read-only");
        Directory.CreateDirectory(readOnly);
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        string target = Path.Combine(readOnly, "out");
        string expected = $"error: run: --out {target} is not writable (permission denied)";
        if (Environment.UserName != "root")
        {
            await AssertRefusedAsync(["run", input, "--schema", "orders", "--out", target], expected);
            return;
        }

        (int exitCode, string output, string log) = await WithoutRootOverrideAsync(["run", input, "--schema", "orders", "--out", target]);
        AssertRefusal(exitCode, output + log, expected);
    }

    [Theory]
    [InlineData("NaN", "error: run: --tolerated-failure-percentage must be a finite number, got 'NaN'")]
    [InlineData("Infinity", "error: run: --tolerated-failure-percentage must be a finite number, got 'Infinity'")]
    [InlineData("inf", "error: run: --tolerated-failure-percentage must be a number, got 'inf'")]
    [InlineData("-1", "error: run: --tolerated-failure-percentage must be between 0 and 100")]
    [InlineData("100.5", "error: run: --tolerated-failure-percentage must be between 0 and 100")]
    public async Task A_tolerated_failure_percentage_outside_0_to_100_is_refused_at_parse(string value, string expected)
    {
        string input = await OrdersAsync();
        await AssertRefusedAsync(["run", input, "--schema", "orders", "--out", Out(), "--tolerated-failure-percentage", value], expected);
        Assert.False(Directory.Exists(Out()), "nothing may be written before the settings are checked");
    }

    [Fact]
    public async Task A_delimiter_given_for_json_lines_is_refused()
    {
        string input = await OrdersAsync();
        await AssertRefusedAsync(["plan", input, "--schema", "orders", "--out", Out(), "--delimiter", ";"],
            "error: plan: --delimiter applies to CSV only, and 'orders.jsonl' is read as JSON Lines; drop --delimiter or pass --format csv");
    }

    [Fact]
    public async Task Validate_local_gets_the_same_input_checks()
    {
        Directory.CreateDirectory(_folder.File("folder.jsonl"));
        await AssertRefusedAsync(["validate", "--local", "--bucket", _folder.Path, "--key", "folder.jsonl", "--schema", "orders", "--work-bucket", Out()],
            $"error: validate: input {_folder.File("folder.jsonl")} is a directory, not a file");
    }

    [Fact]
    public async Task A_key_field_no_record_has_warns_once_and_is_counted()
    {
        string input = await OrdersAsync();

        (int exitCode, string output, string log) = await CliRunner.RunAsync(
            "run", input, "--schema", "orders", "--out", Out(), "--key-field", "no_such_field", "--chunk-records", "200", "--threshold", "150");

        Assert.True(exitCode == 0, log + output);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(Out(), "runs")));
        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runFolder, "report.json")));
        long published = report.RootElement.GetProperty("published").GetInt64();
        Assert.Equal(500 - report.RootElement.GetProperty("rejected").GetInt64(), published);
        Assert.Equal(published, report.RootElement.GetProperty("withoutKeyField").GetInt64());
        string warning = "warning: no published record has the key field 'no_such_field' (--key-field): every key is the record's identity (runId:index)";
        Assert.Single(log.Split('\n'), line => line == warning);
        Assert.Contains("without key field", output);
    }

    private string Out() => _folder.File("out");

    private async Task<string> OrdersAsync()
    {
        string input = _folder.File("orders.jsonl");
        if (!File.Exists(input))
        {
            (int generated, _, string log) = await CliRunner.RunAsync("generate", "--schema", "orders", "--records", "500", "--seed", "15", "--out", input);
            Assert.True(generated == 0, log);
        }

        return input;
    }

    private static async Task AssertRefusedAsync(string[] args, string firstLine)
    {
        (int exitCode, string output, string log) = await CliRunner.RunAsync(args).WaitAsync(s_limit);
        AssertRefusal(exitCode, output + log, firstLine);
    }

    private static void AssertRefusal(int exitCode, string text, string firstLine)
    {
        Assert.True(exitCode == 2, $"exit {exitCode}: {text}");
        Assert.Equal(firstLine, text.Split('\n')[0].TrimEnd('\r'));
        Assert.DoesNotContain("   at ", text);
    }

    private async Task<(int ExitCode, string Out, string Log)> WithoutRootOverrideAsync(string[] args)
    {
        // Root reads and writes anything through CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH; without them the mode bits hold
        // for root too. Staying root (rather than becoming another user) keeps the executable reachable wherever the
        // clone is, even in a folder only root may enter (mktemp -d makes one).
        (string fileName, IReadOnlyList<string> prefix) = WorkerCommand.Resolve();
        string[] command = ["--bounding-set", "-dac_override,-dac_read_search", "--inh-caps", "-all", fileName, .. prefix, .. args];
        return await ChildProcess.RunAsync("setpriv", command, _folder.Path, new Dictionary<string, string?> { ["HOME"] = _folder.Path }, s_limit);
    }

    public void Dispose() => _folder.Dispose();
}
