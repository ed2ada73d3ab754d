using System.Text.RegularExpressions;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

/// <summary>
/// One definition of each default (issue 14, item 10): the template's parameters, samconfig's environments and the
/// CLI's help say what Core's options objects say.
/// </summary>
public sealed partial class DefaultsTests
{
    [Fact]
    public void The_templates_chunk_size_and_threshold_are_cores_defaults()
    {
        Assert.Equal(new SplitOptions().ChunkRecords.ToString(System.Globalization.CultureInfo.InvariantCulture), TemplateFile.ParameterDefault("ChunkRecords"));
        Assert.Equal(new RoutingOptions().BatchProcessingThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture), TemplateFile.ParameterDefault("BatchProcessingThreshold"));
    }

    [Fact]
    public void No_samconfig_environment_cuts_chunks_over_its_threshold_without_saying_so()
    {
        string samconfig = File.ReadAllText(Repository.File("samconfig.toml"));
        foreach (Match overrides in ParameterOverrides().Matches(samconfig))
        {
            long chunk = Override(overrides.Value, "ChunkRecords") ?? new SplitOptions().ChunkRecords;
            long threshold = Override(overrides.Value, "BatchProcessingThreshold") ?? new RoutingOptions().BatchProcessingThreshold;
            Assert.True(chunk <= threshold, $"{overrides.Value}: chunks of {chunk} records over the threshold {threshold} all go to Batch");
        }
    }

    [Fact]
    public void The_clis_help_states_cores_defaults()
    {
        var written = new StringWriter();
        HybridBatch.Cli.HelpWriter.Write(HybridBatch.Cli.CliCommands.Root, written);
        string help = written.ToString();

        Assert.Matches($@"--chunk-records N\s+records per chunk \(default {new SplitOptions().ChunkRecords}[;,)]", help);
        Assert.Matches($@"--threshold N\s+.*\(default {new RoutingOptions().BatchProcessingThreshold}[;)]", help);
    }

    private static long? Override(string overrides, string name) =>
        Regex.Match(overrides, name + "=\\\\\"(\\d+)\\\\\"") is { Success: true } match ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex("parameter_overrides = \".*\"")]
    private static partial Regex ParameterOverrides();
}
