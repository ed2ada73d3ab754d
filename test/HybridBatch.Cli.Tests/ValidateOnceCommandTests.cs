using System.Text;
using System.Text.Json;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// The Batch route (<c>hybridbatch process</c>) publishes what the split judged without judging it again, checks the
/// bytes against the split's hashes, and validates again only with <c>--revalidate</c> (env <c>REVALIDATE</c>).
/// </summary>
public class ValidateOnceCommandTests : IDisposable
{
    private const string Schema = ValidateOnceSchemas.Schema;

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_file_edited_in_place_with_size_and_time_kept_fails_the_chunk_as_object_changed_and_publishes_nothing_of_it()
    {
        (string input, string work, string runId) = await PrepareAsync();
        await ObjectChangedChunk.EditKeepingSizeAndTimeAsync(input, bytes =>
        {
            int at = bytes.AsSpan().IndexOf("43112.17"u8);
            bytes[at + 7] = (byte)'8';  // 43112.17 -> 43112.18
        });

        await ObjectChangedChunk.AssertChunkZeroFailsAsync(work, runId);
    }

    [Fact]
    public async Task Process_publishes_the_splits_valid_records_without_validating_and_revalidate_validates_again()
    {
        (_, string work, string runId) = await PrepareAsync();

        // Records 0..399 in chunk 0, every 50th rejected by the split.
        await ValidateOnceSchemas.AssertTrustedAndRevalidatedChunksAsync(work, runId, chunkRecords: 400);
        (int variable, _, string variableLog) = await CliRunner.RunAsync(new Dictionary<string, string> { ["REVALIDATE"] = "true" },
            "process", "--work", work, "--run-id", runId, "--chunk-id", "2");

        Assert.Equal(4, variable);
        Assert.Contains("this read found 200 (200 rejected)", variableLog);
    }

    [Fact]
    public async Task A_bad_revalidate_variable_names_itself()
    {
        (_, string work, string runId) = await PrepareAsync();

        (int exitCode, _, string log) = await CliRunner.RunAsync(new Dictionary<string, string> { ["REVALIDATE"] = "sometimes" },
            "process", "--work", work, "--run-id", runId, "--chunk-id", "0");

        Assert.Equal(2, exitCode);
        Assert.Contains("REVALIDATE must be true or false, got 'sometimes'", log);
    }

    [Fact]
    public async Task Run_with_revalidate_publishes_the_same_records_on_both_routes()
    {
        string input = Input();
        (int exitCode, string output, string log) = await CliRunner.RunAsync(
            "run", input, "--schema", _folder.File("amounts.schema.json"), "--chunk-records", "400", "--threshold", "300", "--max-error-rate", "0.05",
            "--out", _folder.File("out"), "--revalidate");

        Assert.True(exitCode == 0, log + output);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(_folder.File("out"), "runs")));
        using JsonDocument report = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(runFolder, "report.json")));
        Assert.Equal((980L, 20L), (report.RootElement.GetProperty("published").GetInt64(), report.RootElement.GetProperty("rejected").GetInt64()));
        // Chunks of 400 records go to the Batch route (child processes, which must get --revalidate), the last 200 to Lambda.
        Assert.Equal(2, report.RootElement.GetProperty("routes").GetProperty("batch").GetProperty("chunks").GetInt32());
        Assert.Equal(1, report.RootElement.GetProperty("routes").GetProperty("lambda").GetProperty("chunks").GetInt32());
    }

    // 1,000 records, every 50th without a valid id; planned in chunks of 400 (0..399, 400..799, 800..999).
    private async Task<(string Input, string Work, string RunId)> PrepareAsync()
    {
        string input = Input();
        string work = _folder.File("out");
        (int exitCode, _, string log) = await CliRunner.RunAsync("plan", input, "--schema", _folder.File("amounts.schema.json"), "--chunk-records", "400",
            "--max-error-rate", "0.05", "--out", work);
        Assert.True(exitCode == 0, log);
        return (input, work, Path.GetFileName(Assert.Single(Directory.GetDirectories(Path.Combine(work, "runs")))));
    }

    private string Input()
    {
        File.WriteAllText(_folder.File("amounts.schema.json"), Schema);
        string input = _folder.File("amounts.jsonl");
        var text = new StringBuilder();
        for (int i = 0; i < 1000; i++)
        {
            text.Append(i % 50 == 49 ? $"{{\"id\":\"n{i}\",\"amount\":1.5}}\n" : $"{{\"id\":{i},\"amount\":{(i == 5 ? "43112.17" : "12.25")}}}\n");
        }

        File.WriteAllText(input, text.ToString());
        return input;
    }

    public void Dispose() => _folder.Dispose();
}
