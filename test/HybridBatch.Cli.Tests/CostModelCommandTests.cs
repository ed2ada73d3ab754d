using System.Text.Json;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// <c>calibrate</c>, <c>--cost-model</c>, the estimate beside the actual figures in <c>run</c>'s report, and
/// <c>plan --simulate aws</c>, end to end.
/// </summary>
public class CostModelCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Calibrate_writes_a_cost_model_that_plan_then_reads_from_its_out_folder()
    {
        string model = _folder.File(Path.Combine("out", "cost-model.json"));

        (int exitCode, string output, string log) = await CliRunner.RunAsync("calibrate", "--destination", "file", "--records", "2000", "--out", model);

        Assert.True(exitCode == 0, log + output);
        using (JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(model)))
        {
            JsonElement publish = json.RootElement.GetProperty("publishRecordsPerSecondPerCore");
            Assert.True(publish.GetProperty("file").GetDouble() > 0);
            Assert.True(publish.GetProperty("discard").GetDouble() > 0);
            Assert.False(publish.TryGetProperty("kafka", out _));
            Assert.True(json.RootElement.GetProperty("validateRecordsPerSecondPerCore").GetDouble() > 0);
            Assert.Equal(["discard", "file"], json.RootElement.GetProperty("calibration").GetProperty("destinations").EnumerateArray().Select(e => e.GetString()));
        }

        Assert.Contains("process -> file", output);
        string input = await GenerateAsync(1500);
        (int planned, _, string planLog) = await CliRunner.RunAsync("plan", input, "--schema", "orders", "--out", _folder.File("out"));
        Assert.True(planned == 0, planLog);
        Assert.Contains($"cost model: {model}", planLog);
        Assert.Contains("Estimated local run: split", planLog);
    }

    [Fact]
    public async Task An_unknown_property_in_a_cost_model_file_exits_2_naming_the_file_and_the_property()
    {
        string input = await GenerateAsync(100);
        string model = _folder.File("typo.json");
        await File.WriteAllTextAsync(model, "{\n  \"validateRecordsPerSecondPerCore\": 1000,\n  \"lambdaRecordsPerSecond\": 25000\n}");

        (int exitCode, string output, string log) = await CliRunner.RunAsync("plan", input, "--schema", "orders", "--cost-model", model, "--out", _folder.File("out"));

        Assert.Equal(2, exitCode);
        Assert.Contains(model, log);
        Assert.Contains("unknown property 'lambdaRecordsPerSecond'", log);
        Assert.DoesNotContain("   at ", log + output);
    }

    [Fact]
    public async Task A_missing_cost_model_file_exits_2()
    {
        string input = await GenerateAsync(100);

        (int exitCode, _, string log) = await CliRunner.RunAsync("plan", input, "--schema", "orders", "--cost-model", _folder.File("none.json"), "--out", _folder.File("out"));

        Assert.Equal(2, exitCode);
        Assert.Contains("none.json: no such file", log);
    }

    [Fact]
    public async Task Run_reports_the_estimate_beside_the_actual_figures()
    {
        string input = await GenerateAsync(3000);

        (int exitCode, string output, string log) = await CliRunner.RunAsync("run", input, "--schema", "orders", "--chunk-records", "1000", "--out", _folder.File("out"));

        Assert.True(exitCode == 0, log + output);
        Assert.Contains("estimate vs actual: split", output);
        Assert.Contains("cost model: built-in defaults", output);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(_folder.File("out"), "runs")));
        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runFolder, "report.json")));
        JsonElement estimate = report.RootElement.GetProperty("estimate");
        Assert.True(estimate.GetProperty("wallClockSeconds").GetDouble() > 0);
        Assert.Equal("built-in defaults", estimate.GetProperty("costModelSource").GetString());
        Assert.True(report.RootElement.GetProperty("splitSeconds").GetDouble() > 0);
        Assert.True(report.RootElement.GetProperty("routes").GetProperty("lambda").GetProperty("estimatedWorkerSeconds").GetDouble() > 0);
    }

    [Fact]
    public async Task Plan_simulate_aws_projects_60_million_records_from_a_small_file()
    {
        string input = await GenerateAsync(2000);

        (int exitCode, string output, string log) = await CliRunner.RunAsync(
            "plan", input, "--schema", "orders", "--simulate", "aws", "--records", "60000000", "--out", _folder.File("out"));

        Assert.True(exitCode == 0, log + output);
        Assert.Contains("AWS projection (60,000,000 records like this file's", log);
        Assert.Contains("chunks       207 (207 lambda, 0 batch)", log);
        Assert.Contains("as a Batch validation job", log); // about 12 GB: over LambdaSplitMaxBytes
        Assert.Contains("critical path:", log);
        Assert.Contains("stepfunctions $", log);
        Assert.Contains("sqs $", log);
    }

    [Theory]
    [InlineData("--simulate", "gcp")]
    [InlineData("--records", "100")]
    public async Task Simulate_options_that_make_no_sense_exit_2(string option, string value)
    {
        string input = await GenerateAsync(100);

        (int exitCode, _, string log) = await CliRunner.RunAsync("plan", input, "--schema", "orders", option, value, "--out", _folder.File("out"));

        Assert.Equal(2, exitCode);
        Assert.Contains(option, log);
    }

    private async Task<string> GenerateAsync(int records)
    {
        string input = _folder.File($"orders-{records}.jsonl");
        (int generated, _, string log) = await CliRunner.RunAsync("generate", "--schema", "orders", "--records", records.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "5", "--out", input);
        Assert.True(generated == 0, log);
        return input;
    }

    public void Dispose() => _folder.Dispose();
}
