using System.Text.Json;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Runtime;

/// <summary>The published <c>bootstrap</c> against a local Runtime API: the custom runtime contract.</summary>
public sealed class BootstrapRuntimeTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Route_answers_the_sample_event_with_a_decision()
    {
        using var api = new FakeRuntimeApi();
        await using BootstrapProcess bootstrap = await BootstrapProcess.StartAsync(api, "route");
        api.Enqueue("req-1", SampleEvents.Read("route.json"), TimeSpan.FromMinutes(1));

        RecordedAnswer answer = await api.NextAnswerAsync(s_wait);

        Assert.Equal(RecordedAnswer.Response, answer.Kind);
        Assert.Equal("req-1", answer.RequestId);
        Assert.Equal(3, answer.Json.GetProperty("chunkId").GetInt32());
        Assert.Equal(500_000, answer.Json.GetProperty("records").GetInt64());
        Assert.Equal("batch", answer.Json.GetProperty("route").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task Route_honours_the_threshold_setting()
    {
        using var api = new FakeRuntimeApi();
        await using BootstrapProcess bootstrap = await BootstrapProcess.StartAsync(api, "route",
            new Dictionary<string, string> { ["BATCH_PROCESSING_THRESHOLD"] = "1000000" });
        api.Enqueue("req-1", SampleEvents.Read("route.json"), TimeSpan.FromMinutes(1));

        RecordedAnswer answer = await api.NextAnswerAsync(s_wait);

        Assert.Equal("lambda", answer.Json.GetProperty("route").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task A_bad_event_is_reported_as_validation_failed_and_the_loop_goes_on()
    {
        using var api = new FakeRuntimeApi();
        await using BootstrapProcess bootstrap = await BootstrapProcess.StartAsync(api, "route");
        api.Enqueue("bad", """{ "runId": "r" }""", TimeSpan.FromMinutes(1));
        api.Enqueue("good", SampleEvents.Read("route.json"), TimeSpan.FromMinutes(1));

        RecordedAnswer failed = await api.NextAnswerAsync(s_wait);
        RecordedAnswer served = await api.NextAnswerAsync(s_wait);

        Assert.Equal(RecordedAnswer.Error, failed.Kind);
        Assert.Equal("bad", failed.RequestId);
        Assert.Equal("HybridBatch.ValidationFailed", failed.ErrorTypeHeader);
        Assert.Equal("HybridBatch.ValidationFailed", failed.Json.GetProperty("errorType").GetString());
        Assert.Contains("chunk", failed.Json.GetProperty("errorMessage").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Array, failed.Json.GetProperty("stackTrace").ValueKind);
        Assert.Equal(RecordedAnswer.Response, served.Kind);
        Assert.Equal("good", served.RequestId);
    }

    [Theory]
    [InlineData("route", "BATCH_PROCESSING_THRESHOLD", "many")]
    [InlineData("route", "DEADLINE_MARGIN_MS", "5")]
    [InlineData("route", "POWERTOOLS_METRICS_NAMESPACE", "")]
    [InlineData("no-such-handler", "_HANDLER", null)]
    [InlineData("split", "S3_BUCKET", "")]
    [InlineData("split", "SCHEMA", "s3://only-a-bucket")]
    [InlineData("split", "LAMBDA_SPLIT_MAX_BYTES", "lots")]
    [InlineData("split", "MAX_ERROR_RATE", "2")]
    [InlineData("process-chunk", "RECORD_DESTINATION", "carrier-pigeon")]
    [InlineData("process-chunk", "RECORD_DESTINATION", "stdout")]
    [InlineData("process-chunk", "SQS_CORE_QUEUE", "")]
    [InlineData("process-chunk", "KAFKA_BROKERS", "")]
    [InlineData("submit-batch-job", "BATCH_JOB_QUEUE", "")]
    [InlineData("submit-batch-job", "BATCH_VALIDATION_JOB_DEFINITION", "")]
    [InlineData("submit-batch-job", "AWS_REGION", "Mars 1")]
    [InlineData("poll-batch-job", "STUCK_RUNNABLE_SECONDS", "soon")]
    [InlineData("poll-batch-job", "TERMINATE_STUCK_JOBS", "perhaps")]
    [InlineData("aggregate", "TOLERATED_FAILURE_PERCENTAGE", "150")]
    public async Task A_bad_setting_is_an_init_error_that_names_it(string handler, string setting, string? value)
    {
        using var api = new FakeRuntimeApi();
        Dictionary<string, string> settings = GoodSettings(handler, setting);
        if (setting == "POWERTOOLS_METRICS_NAMESPACE")
        {
            settings[setting] = new string('n', 256);
        }
        else if (value is { Length: > 0 })
        {
            settings[setting] = value;
        }
        else
        {
            settings.Remove(setting);
        }

        await using BootstrapProcess bootstrap = await BootstrapProcess.StartAsync(api, handler, settings);

        RecordedAnswer answer = await api.NextAnswerAsync(s_wait);
        int exitCode = await bootstrap.WaitForExitAsync(s_wait);

        Assert.Equal(RecordedAnswer.InitError, answer.Kind);
        Assert.Equal("HybridBatch.Configuration", answer.ErrorTypeHeader);
        Assert.Equal("HybridBatch.Configuration", answer.Json.GetProperty("errorType").GetString());
        Assert.Contains(setting, answer.Json.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public async Task Good_settings_start_every_handler_without_an_init_error()
    {
        foreach (string handler in new[] { "split", "route", "process-chunk", "submit-batch-job", "poll-batch-job", "aggregate" })
        {
            using var api = new FakeRuntimeApi();
            await using BootstrapProcess bootstrap = await BootstrapProcess.StartAsync(api, handler, GoodSettings(handler, ""));
            api.Enqueue("probe", "[]", TimeSpan.FromMinutes(1));

            RecordedAnswer answer = await api.NextAnswerAsync(s_wait);

            // An array is no handler's event: a started handler refuses it; a failed start would be an init error.
            Assert.True(answer.Kind == RecordedAnswer.Error, $"{handler}: {answer.Kind} {answer.Body}");
            Assert.Equal("HybridBatch.ValidationFailed", answer.ErrorTypeHeader);
        }
    }

    // Everything each handler requires, so the one setting under test is the only thing wrong.
    private static Dictionary<string, string> GoodSettings(string handler, string setting) => new()
    {
        ["S3_BUCKET"] = "work",
        ["RECORD_DESTINATION"] = setting switch
        {
            "SQS_CORE_QUEUE" => "sqs_core",
            "KAFKA_BROKERS" => "kafka",
            _ => "discard",
        },
        ["SQS_CORE_QUEUE"] = "http://127.0.0.1:1/000000000000/q",
        ["KAFKA_BROKERS"] = "127.0.0.1:1",
        ["KAFKA_TOPIC"] = "t",
        ["BATCH_JOB_QUEUE"] = "q",
        ["BATCH_PROCESSING_JOB_DEFINITION"] = "process",
        ["BATCH_VALIDATION_JOB_DEFINITION"] = "validate",
        ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1/",
    };

    [Fact]
    public async Task An_invocation_out_of_time_is_cancelled_as_a_timeout_and_the_next_one_is_served()
    {
        using var api = new FakeRuntimeApi();
        // The Batch API "endpoint" is the fake, which never answers anything but the Runtime API.
        await using BootstrapProcess bootstrap = await BootstrapProcess.StartAsync(api, "poll-batch-job", new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_BATCH"] = api.Url.ToString(),
            ["AWS_ENDPOINT_URL"] = api.Url.ToString(),
            ["DEADLINE_MARGIN_MS"] = "500",
        });
        api.Enqueue("slow", SampleEvents.Read("poll-batch-job.json"), TimeSpan.FromMilliseconds(1500));
        api.Enqueue("next", """{ "runId": "r" }""", TimeSpan.FromMinutes(1));

        RecordedAnswer timedOut = await api.NextAnswerAsync(s_wait);
        RecordedAnswer next = await api.NextAnswerAsync(s_wait);

        Assert.Equal(RecordedAnswer.Error, timedOut.Kind);
        Assert.Equal("slow", timedOut.RequestId);
        Assert.Equal("HybridBatch.Timeout", timedOut.ErrorTypeHeader);
        Assert.Equal("HybridBatch.Timeout", timedOut.Json.GetProperty("errorType").GetString());
        Assert.Equal("next", next.RequestId);
        Assert.Equal("HybridBatch.ValidationFailed", next.ErrorTypeHeader);
    }
}
