namespace HybridBatch.Cli.Tests;

/// <summary>
/// <c>process</c> reads its environment through the settings catalog's one parser and its route through the route's
/// wire names: a bad value is refused with exit code 2, naming the setting or option and the value.
/// </summary>
public class ProcessSettingsTests
{
    private static readonly string[] s_chunk = ["process", "--work", Path.GetTempPath(), "--run-id", "r", "--start-index", "0", "--end-index", "1"];

    [Fact]
    public async Task A_mistyped_route_is_refused_not_read_as_batch()
    {
        (int exitCode, _, string log) = await CliRunner.RunAsync([.. s_chunk, "--chunk-id", "0", "--route", "lamda"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--route must be lambda or batch, got 'lamda'", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_BATCH_JOB_ARRAY_INDEX", "first", "AWS_BATCH_JOB_ARRAY_INDEX must be a whole number of at least 0, got 'first'")]
    [InlineData("AWS_BATCH_JOB_ARRAY_INDEX", "-1", "AWS_BATCH_JOB_ARRAY_INDEX must be a whole number of at least 0, got '-1'")]
    [InlineData("STEP_RECORDS", "many", "STEP_RECORDS must be a whole number, got 'many'")]
    [InlineData("STEP_SECONDS", "1m", "STEP_SECONDS must be a number, got '1m'")]
    public async Task A_bad_environment_value_names_the_setting_and_the_value(string name, string value, string expected)
    {
        string[] args = name == "AWS_BATCH_JOB_ARRAY_INDEX" ? s_chunk : [.. s_chunk, "--chunk-id", "0"];

        (int exitCode, _, string log) = await CliRunner.RunAsync(new Dictionary<string, string> { [name] = value }, args);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL_S3", "not a url", "AWS_ENDPOINT_URL_S3 must be an absolute http(s) URL, got 'not a url'")]
    [InlineData("AWS_ENDPOINT_URL", "ftp://emulator:21", "AWS_ENDPOINT_URL must be an absolute http(s) URL, got 'ftp://emulator:21'")]
    public async Task A_bad_aws_setting_is_a_configuration_error_naming_it(string name, string value, string expected)
    {
        // The work bucket is in S3: the endpoints are read through the catalog's reader. Once an ArgumentException,
        // which the failure taxonomy read as bad input (exit 3).
        string[] args = ["process", "--work-bucket", "work", "--run-id", "r", "--chunk-id", "0", "--start-index", "0", "--end-index", "1", "--destination", "discard"];

        (int exitCode, _, string log) = await CliRunner.RunAsync(new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1", [name] = value }, args);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_sqs_setting_is_a_configuration_error_naming_it()
    {
        var environment = new Dictionary<string, string>
        {
            ["SQS_CORE_QUEUE"] = "https://sqs.us-east-1.amazonaws.com/000000000000/orders",
            ["SQS_CORE_MAX_MESSAGE_BYTES"] = "10",
        };

        (int exitCode, _, string log) = await CliRunner.RunAsync(environment, [.. s_chunk, "--chunk-id", "0", "--destination", "sqs_core"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("SQS_CORE_MAX_MESSAGE_BYTES must be a whole number from 1024 to 1048576, got '10'", log, StringComparison.Ordinal);
    }
}
