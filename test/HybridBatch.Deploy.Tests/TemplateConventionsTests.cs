using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

/// <summary>The house style for template.yaml and what it must carry for the functions and the contract.</summary>
public sealed partial class TemplateConventionsTests
{
    private static readonly string[] s_functions =
        ["SplitFunction", "RouteFunction", "ProcessChunkFunction", "SubmitBatchJobFunction", "PollBatchJobFunction", "AggregateFunction"];

    [Fact]
    public void The_six_functions_are_built_by_the_makefile_from_one_bootstrap()
    {
        Assert.Equal(s_functions.Order(), TemplateFile.OfType("AWS::Serverless::Function").Select(f => f.Name).Order());
        JsonObject globals = TemplateFile.Json["Globals"]!["Function"]!.AsObject();
        Assert.Equal("provided.al2023", Intrinsics.Text(globals["Runtime"]));
        Assert.Equal(".", Intrinsics.Text(globals["CodeUri"]));
        Assert.Equal("JSON", Intrinsics.Text(globals["LoggingConfig"]!["LogFormat"]));
        foreach (string name in s_functions)
        {
            JsonObject function = TemplateFile.Resource(name);
            Assert.Equal("makefile", Intrinsics.Text(function["Metadata"]?["BuildMethod"]));
            Assert.Null(function["Properties"]!["CodeUri"]);
            Assert.Null(function["Properties"]!["Runtime"]);
        }
    }

    [Fact]
    public void Every_function_logs_to_its_own_log_group_with_retention_and_has_its_own_role()
    {
        foreach (string name in s_functions)
        {
            JsonObject properties = TemplateFile.Properties(name);
            string logGroup = Intrinsics.Text(properties["LoggingConfig"]!["LogGroup"]!["Ref"])!;
            Assert.Equal(name + "LogGroup", logGroup);
            Assert.NotNull(TemplateFile.Properties(logGroup)["RetentionInDays"]);
            Assert.Equal(name + "Role", Intrinsics.Text(properties["Role"]!["Fn::GetAtt"]![0]));
            // The role writes only to that log group.
            string roleText = TemplateFile.Resource(name + "Role").ToJsonString();
            Assert.Contains($"\"{logGroup}\",\"Arn\"", roleText, StringComparison.Ordinal);
            Assert.DoesNotContain(s_functions.Where(f => f != name).Select(f => $"\"{f}LogGroup\""), t => roleText.Contains(t, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_function_gets_the_required_settings_of_its_row_and_nothing_outside_the_contract()
    {
        IReadOnlySet<string> everyFunction = Contract.SettingsOfEveryFunction();
        var rows = Contract.SettingsByHandler();
        JsonObject globals = TemplateFile.Json["Globals"]!["Function"]!["Environment"]!["Variables"]!.AsObject();

        Assert.Contains("POWERTOOLS_METRICS_NAMESPACE", everyFunction);
        Assert.Contains("RECORD_DESTINATION", rows["process-chunk"].Required);
        Assert.Contains("MAP_MAX_CONCURRENCY", rows["poll-batch-job"].Optional);
        Assert.Equal(s_functions.Select(Handler).Order(), rows.Keys.Order());
        // Globals reach every function: only what the contract gives every function belongs there.
        Assert.All(globals.Select(p => p.Key), name => Assert.Contains(name, everyFunction));
        foreach (string function in s_functions)
        {
            (IReadOnlySet<string> required, IReadOnlySet<string> optional) = rows[Handler(function)];
            HashSet<string> given = [.. Environment(function).Keys];

            Assert.True(required.IsSubsetOf(given), $"{function} lacks {string.Join(", ", required.Except(given))}");
            Assert.True(given.IsSubsetOf(required.Union(optional).Union(everyFunction)),
                $"{function} gets {string.Join(", ", given.Except(required).Except(optional).Except(everyFunction))}, which its row of the contract does not name");
            // Lambda sets AWS_REGION itself and refuses a function that sets it.
            Assert.DoesNotContain("AWS_REGION", given);
        }
    }

    [Theory]
    [InlineData("MAP_MAX_CONCURRENCY", new[] { "SplitFunction", "PollBatchJobFunction" })]
    [InlineData("TOLERATED_FAILURE_PERCENTAGE", new[] { "SplitFunction", "PollBatchJobFunction", "AggregateFunction" })]
    [InlineData("SCHEMA", new[] { "SplitFunction", "SubmitBatchJobFunction" })]
    [InlineData("RECORD_DESTINATION", new[] { "ProcessChunkFunction", "AggregateFunction" })]
    [InlineData("S3_BUCKET", new[] { "SplitFunction", "ProcessChunkFunction", "SubmitBatchJobFunction", "PollBatchJobFunction", "AggregateFunction" })]
    public void Settings_that_several_functions_read_have_one_value(string setting, string[] functions)
    {
        // The poll answers a validation job's split with its own MAP_MAX_CONCURRENCY / TOLERATED_FAILURE_PERCENTAGE,
        // the aggregate judges the run by its own tolerance: a difference would change a run by its route.
        List<JsonNode?> values = functions.Select(f => Environment(f).GetValueOrDefault(setting)).ToList();

        Assert.All(values.Zip(functions), v => Assert.True(v.First is not null, $"{v.Second} has no {setting}"));
        Assert.All(values, v => Assert.True(JsonNode.DeepEquals(values[0], v), $"{setting}: {values[0]!.ToJsonString()} and {v!.ToJsonString()} differ"));
    }

    [Fact]
    public void The_processing_job_publishes_where_the_process_chunk_function_does()
    {
        Dictionary<string, JsonNode?> function = Environment("ProcessChunkFunction");
        var job = Intrinsics.Items(TemplateFile.Properties("BatchProcessingJobDefinition")["ContainerProperties"]!["Environment"])
            .ToDictionary(e => Intrinsics.Text(e!["Name"])!, e => e!["Value"]);

        foreach (string setting in new[] { "RECORD_DESTINATION", "S3_BUCKET", "KAFKA_BROKERS", "KAFKA_TOPIC", "KAFKA_SECURITY", "KAFKA_CONTROL_TOPIC", "SQS_CORE_QUEUE", "STEP_RECORDS", "STEP_SECONDS", "REVALIDATE" })
        {
            Assert.True(job.ContainsKey(setting), $"the processing job has no {setting}");
            Assert.True(JsonNode.DeepEquals(function[setting], job[setting]), $"{setting}: the function has {function[setting]?.ToJsonString()}, the job {job[setting]?.ToJsonString()}");
        }
    }

    private static string Handler(string function) => Intrinsics.Text(TemplateFile.Properties(function)["Handler"])!;

    // What SAM gives the function: Globals' variables, then its own.
    private static Dictionary<string, JsonNode?> Environment(string function)
    {
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (JsonObject? source in new[] { TemplateFile.Json["Globals"]!["Function"]!["Environment"]?["Variables"], TemplateFile.Properties(function)["Environment"]?["Variables"] }.Cast<JsonObject?>())
        {
            foreach ((string name, JsonNode? value) in source ?? [])
            {
                variables[name] = value;
            }
        }

        return variables;
    }

    [Fact]
    public void The_state_machine_starts_on_object_created_under_the_input_prefix()
    {
        JsonObject properties = TemplateFile.Properties("StateMachine");
        JsonObject rule = properties["Events"]!.AsObject().Single().Value!.AsObject();
        Assert.Equal("EventBridgeRule", Intrinsics.Text(rule["Type"]));
        JsonNode pattern = rule["Properties"]!["Pattern"]!;
        Assert.Equal("aws.s3", Intrinsics.Text(pattern["source"]![0]));
        Assert.Equal("Object Created", Intrinsics.Text(pattern["detail-type"]![0]));
        Assert.Equal("InputPrefix", Intrinsics.Text(pattern["detail"]!["object"]!["key"]![0]!["prefix"]!["Ref"]));
        Assert.Equal("DataBucket", Intrinsics.Text(pattern["detail"]!["bucket"]!["name"]![0]!["Ref"]));
        Assert.Equal("true", Intrinsics.Text(TemplateFile.Properties("DataBucket")["NotificationConfiguration"]!["EventBridgeConfiguration"]!["EventBridgeEnabled"]));
        Assert.Equal("statemachine/hybrid-batch.asl.json", Intrinsics.Text(properties["DefinitionUri"]));
        Assert.Equal("true", Intrinsics.Text(properties["Tracing"]!["Enabled"]));
        Assert.NotNull(properties["Logging"]!["Destinations"]);
    }

    [Theory]
    [InlineData("incoming/", true)]
    [InlineData("data/in/", true)]
    [InlineData("r/", true)]
    [InlineData("runsx/", true)]
    [InlineData("Runs/", true)]
    [InlineData("run/", true)]
    [InlineData("rune/", true)]
    [InlineData("runs/", false)]
    [InlineData("runs/inbox/", false)]
    [InlineData("incoming", false)]
    [InlineData("", false)]
    [InlineData("/", false)]
    [InlineData("a b/", false)]
    public void The_input_prefix_can_never_be_the_folder_runs_write_to(string prefix, bool allowed)
    {
        // An object created under runs/ must never start an execution: each run writes many of them.
        string pattern = Intrinsics.Text(TemplateFile.Json["Parameters"]!["InputPrefix"]!["AllowedPattern"])!;

        Assert.Equal(allowed, Regex.IsMatch(prefix, pattern));
        Assert.Matches(pattern, TemplateFile.ParameterDefault("InputPrefix")!);
    }

    [Fact]
    public void Sub_is_used_instead_of_join_and_no_account_or_region_is_written_down()
    {
        string text = File.ReadAllText(Repository.Template) + File.ReadAllText(Repository.Definition);

        Assert.DoesNotContain("Fn::Join", TemplateFile.Json.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(AccountId().Matches(text));
        Assert.Empty(RegionName().Matches(text));
    }

    [Fact]
    public void Resources_appear_in_the_order_of_the_flow()
    {
        string[] flow =
        [
            "DataBucket", "StateMachine", "SplitFunction", "RouteFunction", "ProcessChunkFunction", "SubmitBatchJobFunction",
            "PollBatchJobFunction", "AggregateFunction", "BatchComputeEnvironment", "BatchJobQueue", "BatchValidationJobDefinition",
            "BatchProcessingJobDefinition", "CoreQueue", "FailedExecutionsAlarm", "Dashboard",
        ];
        List<string> order = TemplateFile.Resources.Select(p => p.Key).ToList();

        Assert.Equal(flow, flow.OrderBy(order.IndexOf));
        Assert.All(flow, name => Assert.Contains(name, order));
    }

    [Fact]
    public void Outputs_name_the_bucket_the_state_machine_the_queue_and_the_log_groups()
    {
        JsonObject outputs = TemplateFile.Json["Outputs"]!.AsObject();
        foreach (string name in new[] { "DataBucketName", "StateMachineArn", "CoreQueueUrl", "StateMachineLogGroupName", "BatchValidationLogGroupName", "BatchProcessingLogGroupName", "WorkerRepositoryUri" })
        {
            Assert.True(outputs.ContainsKey(name), $"no output {name}");
        }

        Assert.All(s_functions, f => Assert.True(outputs.ContainsKey(f + "LogGroupName"), $"no output {f}LogGroupName"));
    }

    [Fact]
    public void There_are_alarms_for_failed_executions_function_errors_failed_chunks_and_stuck_jobs()
    {
        string alarms = string.Join('\n', TemplateFile.OfType("AWS::CloudWatch::Alarm").Select(a => a.Resource.ToJsonString()));

        Assert.Contains("ExecutionsFailed", alarms, StringComparison.Ordinal);
        Assert.Contains("\"Errors\"", alarms, StringComparison.Ordinal);
        Assert.Contains("SUM(ChunksFailed) FROM \\u0022${MetricsNamespace}\\u0022", alarms, StringComparison.Ordinal);
        Assert.Contains("BatchJobsStuck", alarms, StringComparison.Ordinal);
        // The stuck-jobs metric counts the error the state machine raises for a stuck job.
        string definition = File.ReadAllText(Repository.Definition);
        string filter = Intrinsics.Text(TemplateFile.Properties("BatchJobsStuckMetricFilter")["FilterPattern"])!;
        Assert.Contains("\"HybridBatch.BatchJobStuck\"", filter, StringComparison.Ordinal);
        Assert.Contains("\"Error\": \"HybridBatch.BatchJobStuck\"", definition, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?<![0-9{,])[0-9]{12}(?![0-9}])")]
    private static partial Regex AccountId();

    [GeneratedRegex(@"\b(us|eu|ap|sa|ca|me|af|il|mx|cn)-(north|south|east|west|central|northeast|southeast|northwest|southwest)-[0-9]\b")]
    private static partial Regex RegionName();
}
