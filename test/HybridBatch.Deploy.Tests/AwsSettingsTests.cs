using System.Globalization;
using System.Text.Json.Nodes;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Simulation;
using HybridBatch.Deploy.Tests.Support;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Hosting;

namespace HybridBatch.Deploy.Tests;

/// <summary>The projection of AWS runs (<c>plan --simulate aws</c>) uses the template's settings: one definition, checked here.</summary>
public class AwsSettingsTests
{
    private static readonly AwsSettings s_settings = new();

    [Fact]
    public void The_projection_uses_the_templates_parameter_defaults()
    {
        Assert.Equal(TemplateFile.ParameterDefault("LambdaSplitMaxBytes"), Text(s_settings.LambdaSplitMaxBytes));
        Assert.Equal(TemplateFile.ParameterDefault("MapMaxConcurrency"), Text(s_settings.MapMaxConcurrency));
        Assert.Equal(TemplateFile.ParameterDefault("BatchMaxVcpus"), Text(s_settings.BatchMaxVcpus));
        Assert.Equal(TemplateFile.ParameterDefault("BatchInstanceTypes"), s_settings.BatchInstanceTypes);
        Assert.Equal(TemplateFile.ParameterDefault("RecordDestination"), s_settings.RecordDestination);
        Assert.Equal(TemplateFile.ParameterDefault("StepRecords"), Text(s_settings.StepRecords));
    }

    [Fact]
    public void The_functions_read_the_templates_map_concurrency_when_the_setting_is_absent()
    {
        // The split and poll functions answer the Distributed Map's limits; unset, they must say what the stack says.
        MapSettings map = new FunctionSettings(_ => null).Map();
        Assert.Equal(TemplateFile.ParameterDefault("MapMaxConcurrency"), Text(map.MaxConcurrency));
        Assert.Equal(TemplateFile.ParameterDefault("ToleratedFailurePercentage"), Text((long)map.ToleratedFailurePercentage));
    }

    [Fact]
    public void The_projection_and_the_cost_model_use_the_templates_function_sizes()
    {
        Assert.Equal(s_settings.SplitFunctionMemoryMiB, Memory(TemplateFile.Properties("SplitFunction")));
        Assert.Equal(s_settings.AggregateFunctionMemoryMiB, Memory(TemplateFile.Properties("AggregateFunction")));
        Assert.Equal(new CostModelOptions().LambdaMemoryMiB, Memory(TemplateFile.Properties("ProcessChunkFunction")));
        Assert.Equal(s_settings.SmallFunctionMemoryMiB, Number(TemplateFile.Json["Globals"]!["Function"]!["MemorySize"]));
        Assert.Equal(s_settings.LambdaTimeoutSeconds, Number(TemplateFile.Properties("ProcessChunkFunction")["Timeout"]));
    }

    [Fact]
    public void The_projection_polls_batch_jobs_as_the_state_machine_does()
    {
        string machine = File.ReadAllText(Repository.File("statemachine", "hybrid-batch.asl.json"));
        JsonNode states = JsonNode.Parse(machine)!["States"]!["Process every chunk"]!["ItemProcessor"]!["States"]!;
        Assert.Equal(s_settings.PollSeconds, (int)states["Wait for the chunk's job"]!["Seconds"]!);
    }

    private static int Memory(JsonObject properties) => Number(properties["MemorySize"]);

    // The template reads as YAML: its numbers arrive as text.
    private static int Number(JsonNode? node) => int.Parse(node!.ToString(), CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
