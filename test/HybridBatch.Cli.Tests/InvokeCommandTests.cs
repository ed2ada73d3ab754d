using System.Text.Json;
using Amazon.S3.Model;
using HybridBatch.Adapters.Tests.Emulator;

namespace HybridBatch.Cli.Tests;

/// <summary><c>hybridbatch invoke HANDLER &lt; event.json</c>: a Lambda handler in this process, with the sample events.</summary>
[Collection(CliEmulatorCollection.Name)]
public class InvokeCommandTests(EmulatorFixture emulator)
{
    private static readonly string s_events = Path.Combine(RepositoryRoot(), "events");

    [Fact]
    public async Task Route_prints_the_decision_for_the_sample_event_and_logs_json_to_stderr()
    {
        (int exitCode, string output, string log) = await CliRunner.RunWithInputAsync(
            new Dictionary<string, string> { ["BATCH_PROCESSING_THRESHOLD"] = "100000" }, Event("route.json"), "invoke", "route");

        Assert.True(exitCode == 0, log);
        JsonElement decision = JsonDocument.Parse(output).RootElement;
        Assert.Equal(3, decision.GetProperty("chunkId").GetInt32());
        Assert.Equal("batch", decision.GetProperty("route").GetString());
        Assert.Contains("100,000", decision.GetProperty("reason").GetString());
        string[] lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        Assert.Contains(lines, line => line.Contains("\"run_id\":\"orders-0b7c2f1e9a4d\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Split_reads_the_object_from_s3_with_the_settings_from_the_environment()
    {
        string incoming = await emulator.CreateBucketAsync();
        string work = await emulator.CreateBucketAsync();
        await emulator.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = incoming,
            Key = "drop/orders.jsonl",
            FilePath = Path.Combine(RepositoryRoot(), "test", "fixtures", "functions", "orders-sample.jsonl"),
        });
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = emulator.Endpoint.ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["S3_BUCKET"] = work,
            ["CHUNK_RECORDS"] = "50",
        };

        (int exitCode, string output, string log) = await CliRunner.RunWithInputAsync(environment,
            $$"""{ "bucket": "{{incoming}}", "key": "drop/orders.jsonl", "schema": "orders" }""", "invoke", "split");

        Assert.True(exitCode == 0, log);
        JsonElement split = JsonDocument.Parse(output).RootElement;
        Assert.Equal(120, split.GetProperty("totalRecords").GetInt64());
        Assert.Equal(3, split.GetProperty("chunks").GetInt32());
        Assert.True(split.GetProperty("gatePassed").GetBoolean());
        GetObjectMetadataResponse plan = await emulator.S3.GetObjectMetadataAsync(work, split.GetProperty("planKey").GetString());
        Assert.True(plan.ContentLength > 0);
    }

    [Fact]
    public async Task A_bad_event_exits_3_with_the_error_type()
    {
        (int exitCode, string output, string log) = await CliRunner.RunWithInputAsync(null, """{ "runId": "r" }""", "invoke", "route");

        Assert.Equal(3, exitCode);
        Assert.Equal("", output);
        Assert.Contains("error: HybridBatch.ValidationFailed:", log, StringComparison.Ordinal);
        Assert.Contains("chunk", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_setting_exits_2_naming_it()
    {
        (int exitCode, _, string log) = await CliRunner.RunWithInputAsync(null, Event("process-chunk.json"), "invoke", "process-chunk");

        Assert.Equal(2, exitCode);
        Assert.Contains("error: HybridBatch.Configuration: RECORD_DESTINATION", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "name a handler")]
    [InlineData("transcode", "name a handler")]
    public async Task An_unknown_handler_is_a_usage_error(string handler, string message)
    {
        string[] args = handler.Length == 0 ? ["invoke"] : ["invoke", handler];

        (int exitCode, _, string log) = await CliRunner.RunWithInputAsync(null, Event("route.json"), args);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_event_on_standard_input_is_a_usage_error()
    {
        (int exitCode, _, string log) = await CliRunner.RunWithInputAsync(null, "", "invoke", "route");

        Assert.Equal(2, exitCode);
        Assert.Contains("no event on standard input", log, StringComparison.Ordinal);
    }

    private static string Event(string name) => File.ReadAllText(Path.Combine(s_events, name));

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Functions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Functions.sln above {AppContext.BaseDirectory}");
    }
}
