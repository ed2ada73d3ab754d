using System.Text.Json.Nodes;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

/// <summary>
/// template.yaml against the current CloudFormation specification (SAM's transform cannot run offline):
/// resource types, property names through nested types, and every Ref / GetAtt / Sub / Condition target.
/// </summary>
[Collection(NodeToolsCollection.Name)]
public sealed class TemplateSpecificationTests
{
    private readonly NodeTools _tools;

    public TemplateSpecificationTests(NodeTools tools)
    {
        _tools = tools;
    }

    [Fact]
    public void Every_resource_type_and_property_exists_in_the_specification()
    {
        Assert.True(_tools.Specification.ResourceTypeCount > 1000, "the specification looks empty");
        Assert.Empty(_tools.Specification.Check(TemplateFile.Json));
    }

    [Theory]
    [InlineData("AWS::S3::Bucket", "BucketEncryptoin: {}", "BucketEncryptoin")]
    [InlineData("AWS::Batch::JobDefinition", "Type: container\n      RetryStrategy:\n        Attempts: 3\n        EvaluateOnExits: []", "EvaluateOnExits")]
    [InlineData("AWS::EC2::LaunchTemplate", "LaunchTemplateData:\n        MetadataOptions:\n          HttpToken: required", "HttpToken")]
    [InlineData("AWS::Serverless::Function", "Handler: split\n      LoggingConfig:\n        LogFormt: JSON", "LogFormt")]
    [InlineData("AWS::Serverless::StateMachine", "Events:\n        Created:\n          Type: EventBridgeRule\n          Properties:\n            Patern: {}", "Patern")]
    [InlineData("AWS::Batch::JobQueu", "Priority: 1", "AWS::Batch::JobQueu")]
    public void A_misspelled_type_or_property_is_reported(string type, string properties, string misspelled)
    {
        string yaml = $"""
            Resources:
              Thing:
                Type: {type}
                Properties:
                  {properties}
            """;

        IReadOnlyList<string> problems = _tools.Specification.Check(CloudFormationYaml.Load(yaml));

        Assert.Contains(problems, p => p.Contains(misspelled, StringComparison.Ordinal));
    }

    [Fact]
    public void Both_branches_of_an_If_are_checked()
    {
        const string yaml = """
            Resources:
              Function:
                Type: AWS::Serverless::Function
                Properties:
                  VpcConfig: !If [UseKafka, {SubnetIds: [a], SecurityGroupIdz: [b]}, !Ref AWS::NoValue]
            """;

        Assert.Contains(_tools.Specification.Check(CloudFormationYaml.Load(yaml)), p => p.Contains("SecurityGroupIdz", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_reference_names_a_parameter_resource_attribute_or_condition_that_exists()
    {
        Assert.Empty(TemplateReferences.Problems(TemplateFile.Json, _tools.Specification));
    }

    [Theory]
    [InlineData("Value: !Ref DataBuckt", "DataBuckt")]
    [InlineData("Value: !GetAtt Bucket.Arnn", "Bucket.Arnn")]
    [InlineData("Value: !Sub \"${Bucket.Arn}/${Prefx}\"", "Prefx")]
    [InlineData("Value: !If [UseKafkaa, a, b]", "UseKafkaa")]
    public void A_reference_to_nothing_is_reported(string output, string missing)
    {
        string yaml = $"""
            Parameters:
              Prefix:
                Type: String
            Conditions:
              UseKafka: !Equals [!Ref Prefix, kafka]
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
            Outputs:
              Out:
                {output}
            """;

        Assert.Contains(TemplateReferences.Problems(CloudFormationYaml.Load(yaml), _tools.Specification), p => p.Contains(missing, StringComparison.Ordinal));
    }
}
