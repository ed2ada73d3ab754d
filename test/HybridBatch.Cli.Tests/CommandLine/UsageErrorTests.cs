namespace HybridBatch.Cli.Tests.CommandLine;

/// <summary>
/// A wrong command line fails at parse time, before any work, with exit 2 and one line in the house style
/// (<c>error: COMMAND: …</c>, never System.CommandLine's own output or a stack trace), with a suggestion for a typo.
/// </summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData(new[] { "run", "x.jsonl", "--shema", "orders" }, "error: run: unknown option --shema; did you mean --schema? (see 'hybridbatch run --help')")]
    [InlineData(new[] { "run", "x.jsonl", "--chunk-record=5" }, "error: run: unknown option --chunk-record; did you mean --chunk-records?")]
    [InlineData(new[] { "rnu", "x.jsonl" }, "error: unknown command 'rnu'; did you mean 'run'? (see 'hybridbatch help')")]
    [InlineData(new[] { "process", "--run-id", "r", "--route", "lamda" }, "error: process: --route must be lambda or batch, got 'lamda'; did you mean 'lambda'?")]
    [InlineData(new[] { "run", "x.jsonl", "--destination", "kafak" }, "error: run: unknown destination 'kafak'; use one of file, stdout, discard, kafka, sqs_core; did you mean 'kafka'?")]
    [InlineData(new[] { "plan", "x.jsonl", "--policy", "cheapest" }, "error: plan: --policy must be threshold or cost, got 'cheapest'")]
    [InlineData(new[] { "run", "x.jsonl", "--format", "xml" }, "error: run: --format must be jsonl, csv or parquet or auto, got 'xml'")]
    [InlineData(new[] { "bench", "--destination", "sqs" }, "error: bench: --destination must be discard or kafka, got 'sqs'")]
    [InlineData(new[] { "run", "x.jsonl", "--out" }, "error: run: option --out needs a value")]
    [InlineData(new[] { "run", "x.jsonl", "--threads", "2", "--threads", "3" }, "error: run: option --threads is given twice")]
    [InlineData(new[] { "run", "x.jsonl", "y.jsonl" }, "error: run: unexpected argument 'y.jsonl'")]
    [InlineData(new[] { "run", "x.jsonl", "--max-error-rate", "NaN" }, "error: run: --max-error-rate must be a finite number, got 'NaN'")]
    [InlineData(new[] { "generate", "--records", "1e6" }, "error: generate: --records must be a number, got '1e6'")]
    [InlineData(new[] { "run", "x.jsonl", "--force=yes" }, "error: run:")]
    public async Task A_wrong_command_line_exits_2_with_one_house_style_line(string[] args, string expected)
    {
        (int exitCode, string output, string log) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith(expected, log);
        Assert.Single(log.TrimEnd('\n').Split('\n'));
        Assert.Empty(output);
    }

    [Fact]
    public async Task A_mistyped_route_no_longer_becomes_batch()
    {
        (int exitCode, _, string log) = await CliRunner.RunAsync("process", "--run-id", "r", "--chunk-id", "0", "--work", "w", "--route", "Lambda");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--route must be lambda or batch, got 'Lambda'", log);
    }

    [Fact]
    public async Task An_option_that_does_not_apply_with_the_others_is_refused_not_ignored()
    {
        using var folder = new TempFolder();
        (int exitCode, _, string log) = await CliRunner.RunAsync("plan", folder.File("x.jsonl"), "--schema", "orders", "--work-bucket", "b", "--out", folder.File("out"));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("plan: --work-bucket does not apply with the other options given", log);
    }

    [Fact]
    public async Task An_input_path_starting_with_an_at_sign_is_a_path_not_a_response_file()
    {
        using var folder = new TempFolder();
        (int exitCode, _, string log) = await CliRunner.RunAsync("plan", "@missing.jsonl", "--schema", "orders", "--out", folder.File("out"));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("@missing.jsonl", log);
    }
}
