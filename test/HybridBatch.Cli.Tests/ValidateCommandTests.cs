using System.Text.Json;
using HybridBatch.Core;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// <c>hybridbatch validate</c> as the Batch validation job runs it: <c>--run-id</c> is the run the state machine
/// started, and the object must still be the one that run id was derived from; it logs the split's summary line as the
/// split function and the local run do.
/// </summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task The_run_id_the_job_was_submitted_with_is_accepted_and_kept()
    {
        string bucket = await BucketWithOrdersAsync("first");
        SplitSummary derived = await ValidateAsync(bucket);

        (int exitCode, string output, string log) = await CliRunner.RunAsync(
            "validate", "--local", "--bucket", bucket, "--key", "orders.jsonl", "--schema", "orders", "--run-id", derived.RunId);

        Assert.True(exitCode == 0, log + output);
        Assert.Equal(derived.RunId, JsonSerializer.Deserialize(output, HybridBatchJson.Default.SplitSummary)!.RunId);
    }

    [Fact]
    public async Task An_object_replaced_since_the_run_started_fails_closed_naming_both_run_ids_and_writes_nothing()
    {
        string bucket = await BucketWithOrdersAsync("first");
        SplitSummary first = await ValidateAsync(bucket);
        Directory.Delete(Path.Combine(bucket, "runs"), recursive: true);
        // The object is overwritten after the state machine derived the run id from it.
        await File.WriteAllTextAsync(Path.Combine(bucket, "orders.jsonl"), await File.ReadAllTextAsync(Path.Combine(bucket, "orders.jsonl")) + "\n");
        File.SetLastWriteTimeUtc(Path.Combine(bucket, "orders.jsonl"), DateTime.UtcNow.AddMinutes(1));

        (int exitCode, string output, string log) = await CliRunner.RunAsync(
            "validate", "--local", "--bucket", bucket, "--key", "orders.jsonl", "--schema", "orders", "--run-id", first.RunId);

        Assert.Equal(4, exitCode);
        Assert.Empty(output);
        Assert.Contains("object changed", log, StringComparison.Ordinal);
        Assert.Contains($"submitted as run {first.RunId}", log, StringComparison.Ordinal);
        string found = (await ValidateAsync(bucket)).RunId;
        Assert.NotEqual(first.RunId, found);
        Assert.Contains($"now is run {found}", log, StringComparison.Ordinal);
        Assert.Equal([found], Directory.GetDirectories(Path.Combine(bucket, "runs")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_run_id_that_was_never_this_objects_fails_closed()
    {
        string bucket = await BucketWithOrdersAsync("first");

        (int exitCode, _, string log) = await CliRunner.RunAsync(
            "validate", "--local", "--bucket", bucket, "--key", "orders.jsonl", "--schema", "orders", "--run-id", "orders-000000000000");

        Assert.Equal(4, exitCode);
        Assert.Contains("submitted as run orders-000000000000", log, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(bucket, "runs")));
    }

    [Theory]
    [InlineData("auto", 0)]
    [InlineData("jsonl", 0)]
    [InlineData("xml", 2)]
    public async Task Format_auto_tells_the_format_from_the_key_as_the_job_definitions_default(string format, int expected)
    {
        string bucket = await BucketWithOrdersAsync("first");

        (int exitCode, string output, string log) = await CliRunner.RunAsync(
            "validate", "--local", "--bucket", bucket, "--key", "orders.jsonl", "--schema", "orders", "--format", format);

        Assert.True(exitCode == expected, log + output);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Validate_and_a_local_run_log_the_split_summary_line_the_split_function_logs()
    {
        string bucket = await BucketWithOrdersAsync("logged");

        (int validated, string output, string validateLog) = await CliRunner.RunAsync("validate", "--local", "--bucket", bucket, "--key", "orders.jsonl", "--schema", "orders");
        (int ran, string runOutput, string runLog) = await CliRunner.RunAsync("run", Path.Combine(bucket, "orders.jsonl"), "--schema", "orders", "--out", _folder.File("out"));

        Assert.True(validated == 0, validateLog + output);
        Assert.True(ran == 0, runLog + runOutput);
        SplitSummary summary = JsonSerializer.Deserialize(output, HybridBatchJson.Default.SplitSummary)!;
        JsonElement validateLine = SplitLine(validateLog);
        JsonElement runLine = SplitLine(runLog);
        foreach (JsonElement line in new[] { validateLine, runLine })
        {
            Assert.Equal("INFO", line.GetProperty("level").GetString());
            Assert.Equal(summary.TotalRecords, line.GetProperty("records").GetInt64());
            Assert.Equal(summary.RejectedRecords, line.GetProperty("rejected").GetInt64());
            Assert.Equal(summary.Chunks, line.GetProperty("chunks").GetInt64());
            Assert.True(line.GetProperty("gate_passed").GetBoolean());
            Assert.False(line.GetProperty("needs_batch_validation").GetBoolean());
        }

        Assert.Equal(validateLine.GetProperty("message").GetString(), runLine.GetProperty("message").GetString());
        Assert.Equal(summary.RunId, validateLine.GetProperty("run_id").GetString());
    }

    /// <summary>The one JSON line of a log that reports a finished split.</summary>
    private static JsonElement SplitLine(string log) => Assert.Single(
        log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()),
        line => line.GetProperty("message").GetString()!.StartsWith("Split ", StringComparison.Ordinal));

    private async Task<string> BucketWithOrdersAsync(string name)
    {
        string bucket = _folder.File(name);
        Directory.CreateDirectory(bucket);
        (int generated, _, string log) = await CliRunner.RunAsync("generate", "--records", "300", "--seed", "7", "--out", Path.Combine(bucket, "orders.jsonl"));
        Assert.True(generated == 0, log);
        return bucket;
    }

    private static async Task<SplitSummary> ValidateAsync(string bucket)
    {
        (int exitCode, string output, string log) = await CliRunner.RunAsync("validate", "--local", "--bucket", bucket, "--key", "orders.jsonl", "--schema", "orders");
        Assert.True(exitCode == 0, log + output);
        return JsonSerializer.Deserialize(output, HybridBatchJson.Default.SplitSummary)!;
    }
}
