using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using HybridBatch.Adapters.Aws;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Cli;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Storage;
using HybridBatch.Deploy.Tests.Support;
using HybridBatch.Functions.Runtime;

namespace HybridBatch.Deploy.Tests;

/// <summary>
/// Issue 14, item 4: one failure, one decision. The same exception thrown in the process-chunk Lambda and in the Batch
/// worker must be retried on both routes or on neither (the state machine's <c>Retry</c> against the template's
/// <c>retryStrategy</c>), and must land in the same class (error type and exit code name the same thing).
/// </summary>
public sealed class SameRetryDecisionTests
{
    // The Lambda error type and the exit code that name the same class of failure.
    private static readonly Dictionary<string, int> s_sameClass = new(StringComparer.Ordinal)
    {
        ["HybridBatch.Transient"] = 75,
        ["HybridBatch.Timeout"] = 75,
        ["HybridBatch.Configuration"] = 2,
        ["HybridBatch.ValidationFailed"] = 3,
        ["HybridBatch.ChunkFailed"] = 4,
    };

    public static TheoryData<string> Failures => new(Samples.Keys);

    private static Dictionary<string, Func<Exception>> Samples => new(StringComparer.Ordinal)
    {
        ["schema mismatch"] = () => new SchemaMismatchException("CSV header: required column 'id' is missing"),
        ["S3 403"] = () => S3("AccessDenied", HttpStatusCode.Forbidden),
        ["S3 503"] = () => S3("SlowDown", HttpStatusCode.ServiceUnavailable),
        ["Kafka publish failure"] = () => new KafkaPublishException("run-1", 3, "orders", new Error(ErrorCode.Local_AllBrokersDown), "could not begin the chunk's transaction"),
        ["input format"] = () => new InputFormatException("line 7: a quoted field never closes"),
        ["schema does not compile"] = () => new SchemaLoadException("orders", "#/properties/id/type", "unknown type 'strnig'"),
        ["object changed"] = () => new ObjectChangedException(new ObjectLocation("data", "in/orders.jsonl"), "etag:\"a\"", "etag:\"b\""),
        ["socket error"] = () => new HttpRequestException("Connection reset by peer"),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void The_same_failure_gets_the_same_retry_decision_on_the_lambda_and_the_batch_route(string failure)
    {
        Exception lambdaFailure = Samples[failure]();
        Exception batchFailure = Samples[failure]();

        string errorType = ErrorClassifier.Classify(lambdaFailure);
        int exitCode = CliApp.Report(batchFailure, new CliConsole(TextWriter.Null, TextWriter.Null, Interactive: false));

        bool lambdaRetries = ProcessChunkRetries(errorType);
        bool batchRetries = BatchRetries(exitCode);
        Assert.True(lambdaRetries == batchRetries,
            $"{failure}: Lambda answers {errorType} ({(lambdaRetries ? "retried" : "not retried")}), the Batch worker exits {exitCode} ({(batchRetries ? "retried" : "not retried")})");
        int expected = s_sameClass.TryGetValue(errorType, out int code) ? code : 1;
        Assert.True(expected == exitCode, $"{failure}: Lambda answers {errorType}, which is exit {expected}, but the Batch worker exits {exitCode}");
    }

    /// <summary>
    /// Issue 15, item 6: a worker ended by a signal before it could classify its own failure. The local runner retries
    /// it (<see cref="ExitCodes.IsRetried"/>) exactly when both job definitions' <c>retryStrategy</c> does, and both
    /// follow the one taxonomy's class of the signal: SIGKILL (137) transient, SIGTERM (143) interrupted, SIGABRT (134)
    /// and SIGSEGV (139) a crash, SIGINT (130) a terminal's, which a Batch job never gets.
    /// </summary>
    [Theory]
    [InlineData(137, true)]
    [InlineData(143, true)]
    [InlineData(130, false)]
    [InlineData(134, false)]
    [InlineData(139, false)]
    public void A_worker_ended_by_a_signal_gets_the_same_retry_decision_locally_and_from_both_job_definitions(int exitCode, bool retried)
    {
        int signal = Assert.IsType<int>(ExitCodes.KilledBy(exitCode));
        Assert.Equal(retried, FailureTaxonomy.IsRetried(FailureTaxonomy.ClassifySignal(signal)));
        Assert.Equal(retried, ExitCodes.IsRetried(exitCode));
        Assert.Equal(retried, ExitCodes.IsRetried(-signal)); // how some runtimes report the same death
        foreach (string definition in new[] { "BatchValidationJobDefinition", "BatchProcessingJobDefinition" })
        {
            Assert.True(FailureTaxonomyTests.BatchRetries(definition, exitCode) == retried,
                $"{definition}: exit {exitCode} (signal {signal}) is {(retried ? "retried locally but not" : "not retried locally but")} by its retryStrategy");
        }
    }

    private static S3StoreException S3(string code, HttpStatusCode status) =>
        new("GetObject", new ObjectLocation("data", "in/orders.jsonl"), code, status, "as S3 answered", null);

    // The process-chunk task's Retry: an error type is retried when a retrier names it (or States.ALL).
    private static bool ProcessChunkRetries(string errorType)
    {
        JsonObject task = StateMachineDefinitionTests.AllStates(StateMachineDefinitionTests.LoadDefinition())
            .Single(s => Intrinsics.Text(s.State["Resource"]) == "${ProcessChunkFunctionArn}").State;
        return task["Retry"]!.AsArray().Any(r => r!["ErrorEquals"]!.AsArray().Select(e => Intrinsics.Text(e)).Any(e => e == errorType || e == "States.ALL"));
    }

    // The processing job definition's retryStrategy: the first matching rule decides; no match is retried.
    private static bool BatchRetries(int exitCode)
    {
        string text = exitCode.ToString(CultureInfo.InvariantCulture);
        string? action = TemplateFile.Properties("BatchProcessingJobDefinition")["RetryStrategy"]!["EvaluateOnExit"]!.AsArray()
            .Where(r => r!["OnExitCode"] is not null
                && Regex.IsMatch(text, "^" + Regex.Escape(Intrinsics.Text(r["OnExitCode"])!).Replace("\\*", ".*", StringComparison.Ordinal) + "$"))
            .Select(r => Intrinsics.Text(r!["Action"]))
            .FirstOrDefault();
        return action is null or "RETRY";
    }
}
