using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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
        Assert.Equal("c5.4xlarge,c5.2xlarge,c5.xlarge", TemplateFile.ParameterDefault(Intrinsics.Text(resources["InstanceTypes"]!["Ref"])!));
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
    public void A_job_definition_has_4_vcpus_8_gib_2_hours_3_attempts_and_logs_30_days(string definition, string command, string logName)
    {
        JsonObject properties = TemplateFile.Properties(definition);
        JsonNode container = properties["ContainerProperties"]!;
        var requirements = container["ResourceRequirements"]!.AsArray().ToDictionary(r => Intrinsics.Text(r!["Type"])!, r => Intrinsics.Text(r!["Value"]));

        Assert.Equal("4", requirements["VCPU"]);
        Assert.Equal("8192", requirements["MEMORY"]);
        Assert.Equal("7200", Intrinsics.Text(properties["Timeout"]!["AttemptDurationSeconds"]));
        Assert.Equal("3", Intrinsics.Text(properties["RetryStrategy"]!["Attempts"]));
        Assert.Equal("awslogs", Intrinsics.Text(container["LogConfiguration"]!["LogDriver"]));
        string logGroup = Intrinsics.Text(container["LogConfiguration"]!["Options"]!["awslogs-group"]!["Ref"])!;
        Assert.Equal($"/aws/batch/${{Prefix}}-{logName}", Intrinsics.Text(TemplateFile.Properties(logGroup)["LogGroupName"]!["Fn::Sub"]));
        Assert.Equal("30", Intrinsics.Text(TemplateFile.Properties(logGroup)["RetentionInDays"]));
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
            Assert.True(retried ? action is null or "RETRY" : action == "EXIT", $"{definition}: exit code {code} ({(retried ? "retried" : "not retried")} in README) meets {action ?? "no rule"}");
        }

        Assert.NotNull(command + logName);
    }

    [Theory]
    [MemberData(nameof(JobDefinitions))]
    public void The_command_uses_options_the_worker_reads_and_parameters_the_submit_passes(string definition, string command, string logName)
    {
        JsonObject properties = TemplateFile.Properties(definition);
        var arguments = properties["ContainerProperties"]!["Command"]!.AsArray().Select(a => Intrinsics.Text(a)!).ToList();
        string source = File.ReadAllText(Repository.File("src", "HybridBatch.Cli", "Commands", command))
            + File.ReadAllText(Repository.File("src", "HybridBatch.Cli", "CommandLine", "EngineSettings.cs"));
        var submitted = SubmittedParameter().Matches(File.ReadAllText(Repository.File("src", "HybridBatch.Core", "Batch", "SubmitChunkJob.cs")))
            .Select(m => m.Groups[1].Value).ToHashSet();
        var defaults = (properties["Parameters"]?.AsObject() ?? []).Select(p => p.Key).ToHashSet();

        Assert.Equal(command.Replace("Command.cs", string.Empty, StringComparison.Ordinal).ToLowerInvariant(), arguments[0]);
        foreach (string option in arguments.Where(a => a.StartsWith("--", StringComparison.Ordinal)))
        {
            Assert.Matches($@"args\.(Required|Text|Int|Long|Double|Flag)\(""{Regex.Escape(option[2..])}""", source);
        }

        foreach (string parameter in arguments.Where(a => a.StartsWith("Ref::", StringComparison.Ordinal)).Select(a => a[5..]))
        {
            Assert.True(submitted.Contains(parameter) || defaults.Contains(parameter), $"{definition}: Ref::{parameter} is neither submitted nor defaulted ({logName})");
        }
    }

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

    // The README's exit code table: | code | meaning | yes/no/empty |
    private static IReadOnlyList<(int Code, bool Retried)> ExitCodeTable()
    {
        var rows = new List<(int, bool)>();
        bool inSection = false;
        foreach (string line in File.ReadAllLines(Repository.File("README.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inSection = line == "## Exit codes";
                continue;
            }

            Match row = ExitCodeRow().Match(line);
            if (inSection && row.Success)
            {
                rows.Add((int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), row.Groups[2].Value == "yes"));
            }
        }

        Assert.True(rows.Count >= 5, "README.md has no exit code table");
        return rows;
    }

    [GeneratedRegex(@"^\|\s*([0-9]+)\s*\|[^|]*\|\s*(yes|no)?\s*\|")]
    private static partial Regex ExitCodeRow();

    [GeneratedRegex(@"\[""([A-Za-z]+)""\]\s*=")]
    private static partial Regex SubmittedParameter();
}
