using System.Text.Json;

namespace HybridBatch.Cli.Tests;

/// <summary><c>hybridbatch process</c>, the Batch job's command, against a run prepared by <c>plan</c>.</summary>
public class ProcessCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Processes_one_chunk_and_a_retry_after_success_keeps_the_output_and_publishes_nothing_again()
    {
        (string work, string runId) = await PrepareAsync();
        string[] args = ["process", "--work", work, "--run-id", runId, "--chunk-id", "1", "--start-index", "400", "--end-index", "800"];

        (int first, string result, string log) = await CliRunner.RunAsync(args);
        string output = Path.Combine(work, "runs", runId, "output", "chunk-00001.step-00000.jsonl");
        string firstOutput = await File.ReadAllTextAsync(output);
        (int second, _, _) = await CliRunner.RunAsync(new Dictionary<string, string> { ["AWS_BATCH_JOB_ATTEMPT"] = "2", ["AWS_BATCH_JOB_ID"] = "job-7" }, args);

        Assert.True(first == 0, log);
        Assert.Equal(0, second);
        using JsonDocument chunk = JsonDocument.Parse(result);
        Assert.Equal(400, chunk.RootElement.GetProperty("records").GetInt64());
        Assert.Equal(firstOutput, await File.ReadAllTextAsync(output));
        using JsonDocument stored = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(work, "runs", runId, "results", "chunk-00001.json")));
        // The chunk had succeeded: the retry answers with that result instead of publishing it a second time.
        Assert.Equal(1, stored.RootElement.GetProperty("attempt").GetInt32());
        Assert.NotEqual("job-7", stored.RootElement.GetProperty("worker").GetString());
    }

    [Fact]
    public async Task A_range_that_is_not_in_the_plan_is_a_data_error()
    {
        (string work, string runId) = await PrepareAsync();

        (int exitCode, _, string log) = await CliRunner.RunAsync("process", "--work", work, "--run-id", runId, "--chunk-id", "1", "--start-index", "0", "--end-index", "400");

        Assert.Equal(4, exitCode);
        Assert.Contains("the plan has [400, 800)", log);
    }

    [Fact]
    public async Task An_input_changed_since_the_split_fails_with_object_changed()
    {
        (string work, string runId) = await PrepareAsync();
        await CliRunner.RunAsync("generate", "--records", "1000", "--seed", "99", "--out", _folder.File("orders.jsonl"));

        (int exitCode, _, string log) = await CliRunner.RunAsync("process", "--work", work, "--run-id", runId, "--chunk-id", "0");

        Assert.Equal(4, exitCode);
        Assert.Contains("object changed", log);
    }

    private async Task<(string Work, string RunId)> PrepareAsync()
    {
        string input = _folder.File("orders.jsonl");
        string work = _folder.File("out");
        await CliRunner.RunAsync("generate", "--records", "1000", "--out", input);
        (int exitCode, _, string log) = await CliRunner.RunAsync("plan", input, "--schema", "orders", "--chunk-records", "400", "--out", work);
        Assert.True(exitCode == 0, log);
        return (work, Path.GetFileName(Assert.Single(Directory.GetDirectories(Path.Combine(work, "runs")))));
    }

    public void Dispose() => _folder.Dispose();
}
