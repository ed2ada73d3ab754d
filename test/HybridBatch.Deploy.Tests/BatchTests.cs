using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HybridBatch.Cli;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

/// <summary>The AWS Batch part of template.yaml against the replaced system's settings and the worker's command line.</summary>
public sealed partial class BatchTests
{
    public static TheoryData<string, string, string> JobDefinitions => new()
    {
        { "BatchValidationJobDefinition", "ValidateCommand.cs", "batch-validation" },
        { "BatchProcessingJobDefinition", "ProcessCommand.cs", "batch-processing" },
    };

    [Fact]
    public void The_compute_environment_is_managed_spot_from_zero_to_256_vcpus_in_private_subnets()
    {
        JsonObject properties = TemplateFile.Properties("BatchComputeEnvironment");
        JsonNode resources = properties["ComputeResources"]!;

        Assert.Equal("MANAGED", Intrinsics.Text(properties["Type"]));
        Assert.Equal("SPOT", Intrinsics.Text(resources["Type"]));
        Assert.Equal("SPOT_PRICE_CAPACITY_OPTIMIZED", Intrinsics.Text(resources["AllocationStrategy"]));
        Assert.Equal("100", Intrinsics.Text(resources["BidPercentage"]));
        Assert.Equal("0", Intrinsics.Text(resources["MinvCpus"]));
        Assert.Equal("256", TemplateFile.ParameterDefault(Intrinsics.Text(resources["MaxvCpus"]!["Ref"])!));
        Assert.Equal(",", Intrinsics.Text(resources["InstanceTypes"]!["Fn::Split"]![0]));
        Assert.Equal("c5.4xlarge,c5.2xlarge,c5.xlarge", TemplateFile.ParameterDefault(Intrinsics.Text(resources["InstanceTypes"]!["Fn::Split"]![1]!["Ref"])!));
        Assert.Equal("SubnetIds", Intrinsics.Text(resources["Subnets"]!["Ref"]));
        Assert.Equal("BatchLaunchTemplate", Intrinsics.Text(resources["LaunchTemplate"]!["LaunchTemplateId"]!["Ref"]));
    }

    [Fact]
    public void The_queue_is_enabled_with_priority_1_and_the_launch_template_has_100_gb_gp3_and_detailed_monitoring()
    {
        JsonObject queue = TemplateFile.Properties("BatchJobQueue");
        Assert.Equal("ENABLED", Intrinsics.Text(queue["State"]));
        Assert.Equal("1", Intrinsics.Text(queue["Priority"]));

        JsonNode data = TemplateFile.Properties("BatchLaunchTemplate")["LaunchTemplateData"]!;
        JsonNode ebs = data["BlockDeviceMappings"]![0]!["Ebs"]!;
        Assert.Equal("100", Intrinsics.Text(ebs["VolumeSize"]));
        Assert.Equal("gp3", Intrinsics.Text(ebs["VolumeType"]));
        Assert.Equal("true", Intrinsics.Text(data["Monitoring"]!["Enabled"]));
    }

    [Theory]
    [MemberData(nameof(JobDefinitions))]
    public void A_job_definition_has_4_vcpus_7_gib_2_hours_3_attempts_and_logs_for_the_stacks_retention(string definition, string command, string logName)
    {
        JsonObject properties = TemplateFile.Properties(definition);
        JsonNode container = properties["ContainerProperties"]!;
        var requirements = container["ResourceRequirements"]!.AsArray().ToDictionary(r => Intrinsics.Text(r!["Type"])!, r => Intrinsics.Text(r!["Value"]));

        Assert.Equal("4", requirements["VCPU"]);
        Assert.Equal("7168", requirements["MEMORY"]);
        Assert.Equal("7200", Intrinsics.Text(properties["Timeout"]!["AttemptDurationSeconds"]));
        Assert.Equal("3", Intrinsics.Text(properties["RetryStrategy"]!["Attempts"]));
        Assert.Equal("awslogs", Intrinsics.Text(container["LogConfiguration"]!["LogDriver"]));
        string logGroup = Intrinsics.Text(container["LogConfiguration"]!["Options"]!["awslogs-group"]!["Ref"])!;
        Assert.Equal($"/aws/batch/${{Prefix}}-{logName}", Intrinsics.Text(TemplateFile.Properties(logGroup)["LogGroupName"]!["Fn::Sub"]));
        Assert.Equal("LogRetentionDays", Intrinsics.Text(TemplateFile.Properties(logGroup)["RetentionInDays"]!["Ref"]));
        Assert.NotNull(command);
    }

    [Theory]
    [MemberData(nameof(JobDefinitions))]
    public void Spot_reclaims_and_retryable_exit_codes_are_retried_and_data_errors_are_not(string definition, string command, string logName)
    {
        var rules = TemplateFile.Properties(definition)["RetryStrategy"]!["EvaluateOnExit"]!.AsArray().Select(r => r!.AsObject()).ToList();
        IReadOnlyList<(int Code, bool Retried)> documented = ExitCodeTable();

        Assert.InRange(rules.Count, 1, 5); // Batch takes at most five rules.
        Assert.Contains(rules, r => Intrinsics.Text(r["OnStatusReason"]) == "Host EC2*" && Intrinsics.Text(r["Action"]) == "RETRY");
        Assert.Contains(documented, d => d.Code == 75 && d.Retried);
        foreach ((int code, bool retried) in documented.Where(d => d.Code != 0))
        {
            // Batch retries an exit that no rule matches; the first matching rule decides.
            string? action = rules.Where(r => r["OnExitCode"] is not null && Regex.IsMatch(code.ToString(System.Globalization.CultureInfo.InvariantCulture), "^" + Regex.Escape(Intrinsics.Text(r["OnExitCode"])!).Replace("\\*", ".*", StringComparison.Ordinal) + "$"))
                .Select(r => Intrinsics.Text(r["Action"])).FirstOrDefault();
            Assert.True(retried ? action is null or "RETRY" : action == "EXIT", $"{definition}: exit code {code} ({(retried ? "retried" : "not retried")} in ExitCodes.cs) meets {action ?? "no rule"}");
        }

        Assert.NotNull(command + logName);
    }

    [Theory]
    [MemberData(nameof(JobDefinitions))]
    public void The_command_uses_options_the_worker_declares(string definition, string command, string logName)
    {
        // Each Ref::placeholder its job definition's default or a value of its own, each !Ref the stack parameter's
        // default: the command as Batch runs it.
        List<string> words = CommandWords(definition);
        JsonObject? defaults = TemplateFile.Properties(definition)["Parameters"]?.AsObject();
        List<string> arguments = [.. TemplateFile.Properties(definition)["ContainerProperties"]!["Command"]!.AsArray().Select((word, at) =>
            Intrinsics.Text(word) is string text ? text.StartsWith("Ref::", StringComparison.Ordinal) ? Intrinsics.Text(defaults?[text[5..]]) ?? SampleValue(text[5..], at) : text
            : TemplateFile.ParameterDefault(Intrinsics.Text(word!["Ref"])!)!)];
        System.CommandLine.ParseResult parse = CliCommands.Root.Parse(arguments, CliCommands.Configuration);

        Assert.Equal(command.Replace("Command.cs", string.Empty, StringComparison.Ordinal).ToLowerInvariant(), parse.CommandResult.Command.Name);
        // No error: every option is one the worker declares, with a value it accepts.
        Assert.True(parse.Errors.Count == 0, $"{definition}: {string.Join(" ", arguments)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        for (int at = 0; at < words.Count; at++)
        {
            Assert.True(!words[at].StartsWith("Ref::", StringComparison.Ordinal) || words[at - 1].StartsWith("--", StringComparison.Ordinal),
                $"{definition}: {words[at]} is not the value of an option");
        }

        if (parse.CommandResult.Command.Name == "process")
        {
            // The worker's one record binds every placeholder the job definition passes.
            WorkerArguments bound = WorkerArguments.Bind(new CommandArguments(parse));
            var expected = new WorkerArguments
            {
                RunId = SampleValue("runId", words.IndexOf("Ref::runId")),
                ChunkId = int.Parse(SampleValue("chunkId", words.IndexOf("Ref::chunkId")), System.Globalization.CultureInfo.InvariantCulture),
                StartIndex = long.Parse(SampleValue("startIndex", words.IndexOf("Ref::startIndex")), System.Globalization.CultureInfo.InvariantCulture),
                EndIndex = long.Parse(SampleValue("endIndex", words.IndexOf("Ref::endIndex")), System.Globalization.CultureInfo.InvariantCulture),
                WorkBucket = SampleValue("workBucket", words.IndexOf("Ref::workBucket")),
            };
            Assert.Equal(expected, bound);
        }
        else
        {
            ValidationJobArguments bound = ValidationJobArguments.Bind(new CommandArguments(parse));
            Assert.Equal(SampleValue("bucket", words.IndexOf("Ref::bucket")), bound.Bucket);
            Assert.Equal(SampleValue("key", words.IndexOf("Ref::key")), bound.Key);
            Assert.Equal(SampleValue("runId", words.IndexOf("Ref::runId")), bound.RunId);
            Assert.Equal(SampleValue("workBucket", words.IndexOf("Ref::workBucket")), bound.WorkBucket);
            Assert.Equal(SampleValue("schema", words.IndexOf("Ref::schema")), bound.Schema);
        }

        Assert.NotNull(logName);
    }

    // A value of its own for each placeholder, a number where the worker takes one ("Ref::chunkId" at word 4: "1004").
    private static string SampleValue(string placeholder, int at) =>
        placeholder is "chunkId" or "startIndex" or "endIndex" ? (1000 + at).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{placeholder}-{at}";

    [Fact]
    public void The_validation_job_uses_exactly_the_parameters_the_submit_sends_and_defaults_the_optional_ones()
    {
        IReadOnlyDictionary<string, string> full = SubmittedParameters.Validation(schema: "orders", format: "csv");
        IReadOnlyDictionary<string, string> bare = SubmittedParameters.Validation(schema: null, format: null);

        Assert.Equal(full.Keys.Order(), Placeholders("BatchValidationJobDefinition").Order());
        Assert.Equal(full.Keys.Except(bare.Keys).Order(), Defaults("BatchValidationJobDefinition").Order());
        // The default must be one the worker accepts for "not given": from the file name.
        Assert.Equal("auto", Intrinsics.Text(TemplateFile.Properties("BatchValidationJobDefinition")["Parameters"]!["format"]));
        Assert.Equal("Schema", Intrinsics.Text(TemplateFile.Properties("BatchValidationJobDefinition")["Parameters"]!["schema"]!["Ref"]));
    }

    [Fact]
    public void The_processing_job_uses_the_parameters_the_submit_sends_but_the_source_which_the_plan_names()
    {
        IReadOnlyDictionary<string, string> full = SubmittedParameters.Chunk(workBucket: "work");
        IReadOnlyDictionary<string, string> bare = SubmittedParameters.Chunk(workBucket: null);
        // hybridbatch process reads the source object (and its pinned version) from runs/{runId}/plan.json.
        string[] notUsed = ["bucket", "key"];

        Assert.Equal(full.Keys.Except(notUsed).Order(), Placeholders("BatchProcessingJobDefinition").Order());
        Assert.Equal(full.Keys.Except(bare.Keys).Order(), Defaults("BatchProcessingJobDefinition").Order());
        Assert.Equal("DataBucket", Intrinsics.Text(TemplateFile.Properties("BatchProcessingJobDefinition")["Parameters"]!["workBucket"]!["Ref"]));
    }

    [Fact]
    public void The_validation_job_splits_as_the_split_function_does()
    {
        JsonArray command = TemplateFile.Properties("BatchValidationJobDefinition")["ContainerProperties"]!["Command"]!.AsArray();
        JsonNode split = TemplateFile.Properties("SplitFunction")["Environment"]!["Variables"]!;

        foreach ((string option, string setting) in new[] { ("--chunk-records", "CHUNK_RECORDS"), ("--max-error-rate", "MAX_ERROR_RATE") })
        {
            int at = command.Select(Intrinsics.Text).ToList().IndexOf(option);
            Assert.True(at >= 0, $"the validation job has no {option}");
            Assert.True(JsonNode.DeepEquals(split[setting], command[at + 1]), $"{option} is {command[at + 1]?.ToJsonString()}, the split function's {setting} is {split[setting]?.ToJsonString()}");
        }

        JsonNode? schemaDefault = TemplateFile.Properties("BatchValidationJobDefinition")["Parameters"]!["schema"];
        Assert.True(JsonNode.DeepEquals(split["SCHEMA"], schemaDefault));
    }

    private static List<string> CommandWords(string definition) =>
        TemplateFile.Properties(definition)["ContainerProperties"]!["Command"]!.AsArray().Select(a => Intrinsics.Text(a) ?? string.Empty).ToList();

    private static IEnumerable<string> Placeholders(string definition) =>
        CommandWords(definition).Where(a => a.StartsWith("Ref::", StringComparison.Ordinal)).Select(a => a[5..]);

    private static IEnumerable<string> Defaults(string definition) =>
        (TemplateFile.Properties(definition)["Parameters"]?.AsObject() ?? []).Select(p => p.Key);

    [Fact]
    public void Instance_role_and_job_roles_are_separate()
    {
        string instanceRole = Intrinsics.Text(TemplateFile.Properties("BatchInstanceProfile")["Roles"]![0]!["Ref"])!;
        var jobRoles = JobDefinitions.Select(row => (string)row[0])
            .Select(d => Intrinsics.Text(TemplateFile.Properties(d)["ContainerProperties"]!["JobRoleArn"]!["Fn::GetAtt"]![0])!)
            .ToList();

        Assert.Equal(2, jobRoles.Distinct().Count());
        Assert.DoesNotContain(instanceRole, jobRoles);
        Assert.All(jobRoles, r => Assert.Contains("ecs-tasks.amazonaws.com", TemplateFile.Properties(r)["AssumeRolePolicyDocument"]!.ToJsonString(), StringComparison.Ordinal));
        Assert.Equal("true", Intrinsics.Text(TemplateFile.Properties("WorkerRepository")["ImageScanningConfiguration"]!["ScanOnPush"]));
    }

    // The exit codes the worker uses (ExitCodes.cs) with the retry decision of their failure class; 134 stands for a
    // crash (SIGABRT), which stops as a Lambda crash does; 137 (SIGKILL: out of memory, a lost host) and 143 (SIGTERM
    // before the worker's handler) for a worker ended from outside, which is retried.
    private static IReadOnlyList<(int Code, bool Retried)> ExitCodeTable() =>
        new[] { HybridBatch.Cli.ExitCodes.InternalError, HybridBatch.Cli.ExitCodes.Usage, HybridBatch.Cli.ExitCodes.ValidationFailed,
            HybridBatch.Cli.ExitCodes.ChunkFailed, HybridBatch.Cli.ExitCodes.Retryable, 134, 137, 143 }
        .Select(code => (code, HybridBatch.Cli.ExitCodes.IsRetried(code))).ToList();
}
