using HybridBatch.Core.Settings;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using HybridBatch.Adapters.Aws;
using HybridBatch.Adapters.Batch;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Adapters.Sqs;
using HybridBatch.Adapters.Storage;
using HybridBatch.Cli;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Storage;
using HybridBatch.Deploy.Tests.Support;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Hosting;
using HybridBatch.Functions.Runtime;

namespace HybridBatch.Deploy.Tests;

/// <summary>
/// The one failure table (Core's <see cref="FailureTaxonomy"/>) over every exception type Core, the adapters and the
/// hosts define, and its two mappings (Lambda error types, exit codes) against what the state machine and the Batch
/// job definitions retry. Lives here because this is the one test project that sees every host's internals.
/// </summary>
public sealed class FailureTaxonomyTests
{
    private static readonly ObjectLocation s_object = new("data", "in/orders.jsonl");

    // Every exception type HybridBatch defines, at least once, with the class it must get (several where the class
    // depends on what the exception carries), plus the BCL types the code throws or meets.
    private static readonly (string Case, Func<Exception> Create, FailureClass Expected)[] s_table =
    [
        ("ChunkDataException", () => new ChunkDataException(3, "range hash differs from the plan"), FailureClass.ChunkDataFailure),
        ("ObjectChangedException", () => new ObjectChangedException(s_object, "etag:\"a\"", null), FailureClass.ChunkDataFailure),
        ("InputFormatException", () => new InputFormatException("line 7: a quoted field never closes"), FailureClass.InvalidInput),
        ("ParquetLayoutException", () => new HybridBatch.Core.Parquet.ParquetLayoutException("column 'a' is a group with no children"), FailureClass.InvalidInput),
        ("CostModelFileException", () => new HybridBatch.Core.Routing.CostModelFileException("cost-model.json: unknown property 'x'"), FailureClass.Configuration),
        ("GenerationException", () => new HybridBatch.Generation.GenerationException("record 3 (seed 7): no valid value for n: must not match #/properties/n/not"), FailureClass.Configuration),
        ("LibrdkafkaBindingException", () => new HybridBatch.Adapters.Kafka.LibrdkafkaBindingException("/lib/librdkafka.so", "rd_kafka_produceva", "librdkafka 1.3.0 at /lib/librdkafka.so is older than 1.4.0"), FailureClass.Configuration),
        ("SchemaMismatchException", () => new SchemaMismatchException("required column 'id' is missing"), FailureClass.InvalidInput),
        ("SchemaLoadException", () => new SchemaLoadException("orders", "#/type", "unknown type"), FailureClass.InvalidInput),
        ("PatternSyntaxException", () => new PatternSyntaxException(1, "lone '{'"), FailureClass.InvalidInput),
        ("S3StoreException 403", () => S3("AccessDenied", HttpStatusCode.Forbidden), FailureClass.Configuration),
        ("S3StoreException NoSuchBucket", () => S3("NoSuchBucket", HttpStatusCode.NotFound), FailureClass.Configuration),
        ("S3StoreException 503", () => S3("SlowDown", HttpStatusCode.ServiceUnavailable), FailureClass.Transient),
        ("S3StoreException 500", () => S3("InternalError", HttpStatusCode.InternalServerError), FailureClass.Transient),
        ("S3StoreException 429", () => S3("TooManyRequests", HttpStatusCode.TooManyRequests), FailureClass.Transient),
        ("S3StoreException no answer", () => S3(null, 0), FailureClass.Transient),
        ("S3StoreException 404 key", () => S3("NoSuchKey", HttpStatusCode.NotFound), FailureClass.ChunkDataFailure),
        ("S3StoreException 416", () => S3("InvalidRange", HttpStatusCode.RequestedRangeNotSatisfiable), FailureClass.ChunkDataFailure),
        ("BatchApiException 429", () => new BatchApiException("SubmitJob", 429, "TooManyRequestsException", "slow down", "r-1"), FailureClass.Transient),
        ("BatchApiException 500", () => new BatchApiException("DescribeJobs", 500, "ServerException", "oops", "r-1"), FailureClass.Transient),
        ("BatchApiException no answer", () => new BatchApiException("SubmitJob", 0, "RequestFailed", "connection refused", null), FailureClass.Transient),
        ("BatchApiException 400", () => new BatchApiException("SubmitJob", 400, "ClientException", "job queue not found", "r-1"), FailureClass.Configuration),
        ("BatchApiException 403", () => new BatchApiException("SubmitJob", 403, "AccessDeniedException", "not allowed", "r-1"), FailureClass.Configuration),
        ("BatchApiException unreadable", () => new BatchApiException("SubmitJob", 200, "InvalidResponse", "no jobId", null), FailureClass.Unexpected),
        ("KafkaPublishException brokers down", () => Kafka(ErrorCode.Local_AllBrokersDown), FailureClass.Transient),
        ("KafkaPublishException fenced", () => Kafka(ErrorCode.ProducerFenced), FailureClass.Transient),
        ("KafkaPublishException ACL", () => Kafka(ErrorCode.TopicAuthorizationFailed), FailureClass.Configuration),
        ("KafkaPublishException login", () => Kafka(ErrorCode.SaslAuthenticationFailed), FailureClass.Configuration),
        ("SqsPublishException too large", () => Sqs("MessageTooLarge", FailureClass.ChunkDataFailure), FailureClass.ChunkDataFailure),
        ("SqsPublishException throttled", () => Sqs("ThrottlingException", FailureClass.Transient), FailureClass.Transient),
        ("SqsPublishException denied", () => Sqs("AccessDenied", FailureClass.Configuration), FailureClass.Configuration),
        ("ConfigurationException", () => new ConfigurationException("SCHEMA", "is not set"), FailureClass.Configuration),
        ("InvalidEventException", () => new InvalidEventException("chunk.chunkId is missing"), FailureClass.InvalidInput),
        ("RuntimeApiException", () => new RuntimeApiException("next", HttpStatusCode.InternalServerError, "broken"), FailureClass.Transient),
        ("UsageException", () => new UsageException("--chunk-id must be a number"), FailureClass.Configuration),
        ("RunLockedException", () => new HybridBatch.Cli.Local.RunLockedException("run r is already running into this folder: pid 7"), FailureClass.Transient),
        ("RunStoppedException", () => new HybridBatch.Cli.Local.RunStoppedException("stopped cleanly: 2 worker(s) stopped"), FailureClass.Interrupted),
        ("JsonException", () => new JsonException("'x' is an invalid start of a value"), FailureClass.InvalidInput),
        ("FormatException", () => new FormatException("'x' is not an S3 object URI"), FailureClass.InvalidInput),
        ("ArgumentException", () => new ArgumentException("run id must not be empty", "runId"), FailureClass.InvalidInput),
        ("FileNotFoundException", () => new FileNotFoundException("input not found: data/in.jsonl"), FailureClass.InvalidInput),
        ("IOException", () => new IOException("Connection reset by peer"), FailureClass.Transient),
        ("IOException no space left", () => new IOException("No space left on device : '/out/x'", 28), FailureClass.StorageFull),
        ("StorageFullException", () => new StorageFullException("/out/report.json", new IOException("No space left on device", 28)), FailureClass.StorageFull),
        ("UnauthorizedAccessException around EACCES", () => new UnauthorizedAccessException("Access to the path is denied", new IOException("Permission denied", 13)), FailureClass.Configuration),
        ("LocalPathException", () => new LocalPathException("/in is a directory, not a file"), FailureClass.Configuration),
        ("HttpRequestException", () => new HttpRequestException("Name or service not known"), FailureClass.Transient),
        ("TimeoutException", () => new TimeoutException(), FailureClass.Transient),
        ("OperationCanceledException", () => new OperationCanceledException(), FailureClass.Interrupted),
        ("TaskCanceledException by an HTTP timeout", () => new TaskCanceledException("timed out", new TimeoutException()), FailureClass.Transient),
        ("unknown wrapper around a socket error", () => new InvalidOperationException("SDK failed", new IOException("reset")), FailureClass.Transient),
        ("NullReferenceException", () => new NullReferenceException(), FailureClass.Unexpected),
        ("InvalidOperationException", () => new InvalidOperationException("a bug"), FailureClass.Unexpected),
    ];

    public static TheoryData<string> Cases => new(s_table.Select(row => row.Case));

    public static TheoryData<FailureClass> Classes => new(Enum.GetValues<FailureClass>());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_exception_gets_its_class_from_the_one_table(string @case)
    {
        (_, Func<Exception> create, FailureClass expected) = s_table.Single(row => row.Case == @case);

        Assert.Equal(expected, FailureTaxonomy.Classify(create()));
    }

    [Fact]
    public void The_table_covers_every_exception_type_core_the_adapters_and_the_hosts_define()
    {
        Assembly[] ours = [typeof(FailureTaxonomy).Assembly, typeof(S3StoreException).Assembly, typeof(ErrorClassifier).Assembly, typeof(ExitCodes).Assembly];
        var defined = ours.SelectMany(a => a.GetTypes()).Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract).Select(t => t.Name).ToHashSet();
        var covered = s_table.Select(row => row.Create().GetType().Name).ToHashSet();

        Assert.True(defined.Count >= 13, $"found only {defined.Count} exception types");
        Assert.Empty(defined.Except(covered));
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Each_class_is_retried_by_every_lambda_task_exactly_when_the_taxonomy_says(FailureClass failureClass)
    {
        string errorType = ErrorClassifier.ErrorType(failureClass, new InvalidOperationException());
        List<(string Name, JsonObject State)> tasks = StateMachineDefinitionTests.AllStates(StateMachineDefinitionTests.LoadDefinition())
            .Where(s => Intrinsics.Text(s.State["Type"]) == "Task" && (Intrinsics.Text(s.State["Resource"]) ?? "").EndsWith("FunctionArn}", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(tasks);
        foreach ((string name, JsonObject task) in tasks)
        {
            bool retried = task["Retry"]!.AsArray().Any(r => r!["ErrorEquals"]!.AsArray().Any(e => Intrinsics.Text(e) is { } matched && (matched == errorType || matched == "States.ALL")));
            Assert.True(retried == FailureTaxonomy.IsRetried(failureClass), $"'{name}' {(retried ? "retries" : "does not retry")} {errorType} ({failureClass})");
        }
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Each_class_exits_with_a_code_both_job_definitions_retry_exactly_when_the_taxonomy_says(FailureClass failureClass)
    {
        int exitCode = ExitCodes.For(failureClass);

        Assert.Equal(FailureTaxonomy.IsRetried(failureClass), ExitCodes.IsRetried(exitCode));
        foreach (string definition in new[] { "BatchValidationJobDefinition", "BatchProcessingJobDefinition" })
        {
            Assert.True(BatchRetries(definition, exitCode) == FailureTaxonomy.IsRetried(failureClass),
                $"{definition}: exit {exitCode} ({failureClass}) is {(BatchRetries(definition, exitCode) ? "retried" : "not retried")}");
        }
    }

    [Fact]
    public void The_five_classes_and_a_bug_map_to_distinct_error_types_and_exit_codes()
    {
        FailureClass[] classes = [FailureClass.Configuration, FailureClass.InvalidInput, FailureClass.ChunkDataFailure, FailureClass.Transient, FailureClass.Unexpected];
        Assert.Equal(classes.Length, classes.Select(c => ExitCodes.For(c)).Distinct().Count());
        Assert.Equal(classes.Length, classes.Select(c => ErrorClassifier.ErrorType(c, new InvalidOperationException())).Distinct().Count());
        Assert.Equal(ExitCodes.Retryable, ExitCodes.For(FailureClass.Interrupted));
        Assert.Equal(ErrorTypes.Timeout, ErrorClassifier.ErrorType(FailureClass.Interrupted, new OperationCanceledException()));
    }

    private static S3StoreException S3(string? code, HttpStatusCode status) => new("GetObject", s_object, code, status, null, null);

    private static KafkaPublishException Kafka(ErrorCode code) => new("run-1", 3, "orders", new Error(code), "could not publish");

    private static SqsPublishException Sqs(string code, FailureClass failureClass) => new($"record 7: {code}", [7], code, failureClass);

    // First matching rule decides; an exit no rule matches is retried (AWS Batch's documented default).
    internal static bool BatchRetries(string definition, int exitCode)
    {
        string text = exitCode.ToString(CultureInfo.InvariantCulture);
        string? action = TemplateFile.Properties(definition)["RetryStrategy"]!["EvaluateOnExit"]!.AsArray()
            .Where(r => r!["OnExitCode"] is not null
                && Regex.IsMatch(text, "^" + Regex.Escape(Intrinsics.Text(r["OnExitCode"])!).Replace("\\*", ".*", StringComparison.Ordinal) + "$"))
            .Select(r => Intrinsics.Text(r!["Action"]))
            .FirstOrDefault();
        return action is null or "RETRY";
    }
}
