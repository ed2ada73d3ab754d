using System.Text.Json;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// <c>hybridbatch run</c> end to end on this machine: Lambda-route chunks in process, Batch-route chunks as real
/// <c>hybridbatch process</c> child processes, then the report.
/// </summary>
public class RunCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Both_routes_run_and_every_record_is_published_or_rejected()
    {
        string input = _folder.File("orders.jsonl");
        (int generated, _, _) = await CliRunner.RunAsync("generate", "--schema", "orders", "--records", "2500", "--invalid-rate", "0.004", "--seed", "3", "--out", input);
        Assert.Equal(0, generated);

        (int exitCode, string output, string log) = await CliRunner.RunAsync(
            "run", input, "--schema", "orders", "--chunk-records", "1000", "--threshold", "600", "--out", _folder.File("out"), "--key-field", "order_id");

        Assert.True(exitCode == 0, log + output);
        using JsonDocument report = ReadReport(out string runFolder);
        JsonElement root = report.RootElement;
        long total = root.GetProperty("totalRecords").GetInt64();
        long published = root.GetProperty("published").GetInt64();
        long rejected = root.GetProperty("rejected").GetInt64();
        Assert.Equal(2500, total);
        Assert.True(rejected > 0);
        Assert.Equal(total, published + rejected);
        Assert.Equal(0, root.GetProperty("notProcessed").GetInt64());
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("routes").GetProperty("batch").GetProperty("chunks").GetInt32());
        Assert.Equal(1, root.GetProperty("routes").GetProperty("lambda").GetProperty("chunks").GetInt32());

        string[] outputs = Directory.GetFiles(Path.Combine(runFolder, "output"), "chunk-*.jsonl");
        Assert.Equal(3, outputs.Length);
        List<string> lines = outputs.Order().SelectMany(File.ReadLines).ToList();
        Assert.Equal(published, lines.Count);
        using JsonDocument firstMessage = JsonDocument.Parse(lines[0]);
        Assert.StartsWith("ORD-", firstMessage.RootElement.GetProperty("key").GetString());
        Assert.Equal(rejected, File.ReadLines(Path.Combine(runFolder, "rejects.jsonl")).Count());
        Assert.Contains("SUCCEEDED", output);
    }

    [Fact]
    public async Task A_file_over_the_error_limit_fails_the_gate_and_publishes_nothing()
    {
        string input = _folder.File("bad.jsonl");
        await CliRunner.RunAsync("generate", "--records", "500", "--invalid-rate", "0.2", "--out", input);

        (int exitCode, string output, _) = await CliRunner.RunAsync("run", input, "--schema", "orders", "--out", _folder.File("out"));

        Assert.Equal(3, exitCode);
        using JsonDocument report = ReadReport(out string runFolder);
        Assert.Equal("validation_failed", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, report.RootElement.GetProperty("published").GetInt64());
        Assert.False(Directory.Exists(Path.Combine(runFolder, "output")));
        Assert.Contains("error rate", output);
        Assert.Contains("rejected line", output);
    }

    [Fact]
    public async Task Csv_input_with_a_tab_delimiter_runs_through()
    {
        string input = _folder.File("inventory.tsv");
        await CliRunner.RunAsync("generate", "--schema", "inventory", "--records", "300", "--out", input);

        (int exitCode, string output, string log) = await CliRunner.RunAsync("run", input, "--schema", "inventory", "--out", _folder.File("out"), "--chunk-records", "100");

        Assert.True(exitCode == 0, log + output);
        using JsonDocument report = ReadReport(out string runFolder);
        Assert.Equal(300, report.RootElement.GetProperty("published").GetInt64());
        string line = File.ReadLines(Directory.GetFiles(Path.Combine(runFolder, "output")).Order().First()).First();
        using JsonDocument message = JsonDocument.Parse(line);
        Assert.Equal(JsonValueKind.Number, message.RootElement.GetProperty("value").GetProperty("on_hand").ValueKind);
    }

    [Fact]
    public async Task Plan_prints_routes_and_cost_without_processing()
    {
        string input = _folder.File("orders.jsonl");
        await CliRunner.RunAsync("generate", "--records", "1000", "--out", input);

        (int exitCode, _, string log) = await CliRunner.RunAsync("plan", input, "--schema", "orders", "--chunk-records", "400", "--threshold", "300", "--out", _folder.File("out"));

        Assert.Equal(0, exitCode);
        Assert.Contains("chunk 0: records 0..399", log);
        Assert.Contains("> threshold 300: batch", log);
        Assert.Contains("<= threshold 300: lambda", log);
        Assert.Contains("Estimated cost $", log);
        Assert.Empty(Directory.GetDirectories(Path.Combine(_folder.File("out"), "runs")).SelectMany(d => Directory.GetDirectories(d, "results")));
    }

    [Theory]
    [InlineData(new[] { "run" }, "name the file")]
    [InlineData(new[] { "run", "x.jsonl", "--schema", "orders", "--chunk-record", "5" }, "unknown option --chunk-record")]
    [InlineData(new[] { "run", "x.jsonl", "--schema", "orders", "--threshold", "many" }, "--threshold must be a number")]
    [InlineData(new[] { "run", "x.jsonl", "--schema", "nope" }, "neither a sample")]
    [InlineData(new[] { "run", "x.txt", "--schema", "orders" }, "cannot tell the record format")]
    [InlineData(new[] { "run", "x.jsonl", "--schema", "orders", "--destination", "pigeon" }, "unknown destination 'pigeon'")]
    [InlineData(new[] { "frobnicate" }, "unknown command")]
    public async Task Usage_errors_exit_2_with_a_message_that_names_the_problem(string[] args, string expected)
    {
        (int exitCode, _, string log) = await CliRunner.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, log);
    }

    [Fact]
    public async Task Threshold_comes_from_the_environment_when_not_given()
    {
        string input = _folder.File("orders.jsonl");
        await CliRunner.RunAsync("generate", "--records", "100", "--out", input);
        var environment = new Dictionary<string, string> { ["BATCH_PROCESSING_THRESHOLD"] = "50" };

        (_, _, string log) = await CliRunner.RunAsync(environment, "plan", input, "--schema", "orders", "--out", _folder.File("out"));

        Assert.Contains("100 records > threshold 50: batch", log);
    }

    private JsonDocument ReadReport(out string runFolder)
    {
        runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(_folder.File("out"), "runs")));
        return JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runFolder, "report.json")));
    }

    public void Dispose() => _folder.Dispose();
}
