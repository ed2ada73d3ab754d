using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

/// <summary>
/// Issue 14, item 7: the state machine names no partition itself. Its S3 reader and writer ARNs take the stack's
/// partition through DefinitionSubstitutions, as CloudFormation substitutes them (aws, aws-cn, aws-us-gov).
/// </summary>
public sealed partial class PartitionTests
{
    [Fact]
    public void No_arn_in_the_definition_names_a_partition_itself()
    {
        string definition = File.ReadAllText(Repository.Definition);
        List<string> arns = Arn().Matches(definition).Select(m => m.Value).ToList();

        Assert.NotEmpty(arns);
        Assert.All(arns, arn => Assert.StartsWith("arn:${Partition}:", arn, StringComparison.Ordinal));
        Assert.Equal("AWS::Partition", Intrinsics.Text(TemplateFile.Properties("StateMachine")["DefinitionSubstitutions"]!["Partition"]!["Ref"]));
    }

    [Theory]
    [InlineData("aws")]
    [InlineData("aws-cn")]
    [InlineData("aws-us-gov")]
    public void The_maps_s3_reader_and_writer_are_in_the_stacks_partition(string partition)
    {
        // DefinitionSubstitutions replaces ${Name} anywhere in the definition's text.
        string substituted = File.ReadAllText(Repository.Definition).Replace("${Partition}", partition, StringComparison.Ordinal);
        JsonObject map = JsonNode.Parse(substituted)!["States"]!["Process every chunk"]!.AsObject();

        Assert.Equal($"arn:{partition}:states:::s3:getObject", Intrinsics.Text(map["ItemReader"]!["Resource"]));
        Assert.Equal($"arn:{partition}:states:::s3:putObject", Intrinsics.Text(map["ResultWriter"]!["Resource"]));
    }

    [GeneratedRegex(@"arn:[^""\s]*")]
    private static partial Regex Arn();
}
