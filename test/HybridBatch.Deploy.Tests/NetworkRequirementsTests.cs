using System.Text.Json.Nodes;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

/// <summary>
/// What the private subnets must reach, as SubnetIds' description tells the deployer (issue 14, item 6): derived from
/// what the Batch resources and the destinations actually use, so the text cannot leave a route without its endpoint.
/// </summary>
public sealed class NetworkRequirementsTests
{
    private static string SubnetIdsDescription => Intrinsics.Text(TemplateFile.Json["Parameters"]!["SubnetIds"]!["Description"])!;

    [Fact]
    public void Subnets_must_reach_cloudwatch_logs_because_the_job_definitions_log_with_awslogs()
    {
        bool awslogs = TemplateFile.OfType("AWS::Batch::JobDefinition")
            .Any(d => Intrinsics.Text(d.Resource["Properties"]!["ContainerProperties"]!["LogConfiguration"]?["LogDriver"]) == "awslogs");

        Assert.True(awslogs);
        Assert.Contains("CloudWatch Logs", SubnetIdsDescription);
    }

    [Fact]
    public void Subnets_must_reach_sqs_on_the_sqs_route_and_s3_ecr_and_ecs_always()
    {
        JsonArray environment = TemplateFile.Properties("BatchProcessingJobDefinition")["ContainerProperties"]!["Environment"]!.AsArray();
        Assert.Contains(environment, e => e!.ToJsonString().Contains("SQS_CORE_QUEUE", StringComparison.Ordinal));

        foreach (string endpoint in new[] { "S3", "ECR", "ECS", "SQS" })
        {
            Assert.Contains(endpoint, SubnetIdsDescription);
        }
    }

    [Fact]
    public void Subnets_are_not_said_to_need_the_batch_api_which_only_the_functions_call()
    {
        // The ECS agent registers with ECS; SubmitJob/DescribeJobs come from the submit and poll functions, outside the VPC.
        string rest = SubnetIdsDescription.Replace("Batch instances", "", StringComparison.Ordinal).Replace("not the Batch API", "", StringComparison.Ordinal);
        Assert.DoesNotContain("Batch", rest);
    }
}
