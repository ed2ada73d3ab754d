using System.Globalization;
using System.Reflection;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Settings;
using HybridBatch.Core.Simulation;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Tests.Settings;

/// <summary>The catalog is one consistent list whose Core defaults are the options types' own.</summary>
public class SettingsCatalogTests
{
    [Fact]
    public void Every_name_is_catalogued_once_and_every_catalogued_name_is_a_named_constant()
    {
        Assert.Equal(SettingsCatalog.All.Count, SettingsCatalog.All.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count());
        string[] constants = typeof(SettingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(constants, SettingsCatalog.All.Select(s => s.Name).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Who_requires_a_setting_reads_it_and_every_setting_has_a_reader_and_a_description()
    {
        Assert.All(SettingsCatalog.All, s =>
        {
            Assert.NotEqual(SettingReaders.None, s.ReadBy);
            Assert.Equal(s.RequiredBy, s.RequiredBy & s.ReadBy);
            Assert.False(string.IsNullOrWhiteSpace(s.Description), s.Name);
            // Platform settings are set before any template is read: none can be the template's duty.
            Assert.True(s.RequiredBy == SettingReaders.None || !s.SetByPlatform || s.Name == SettingNames.Handler, $"{s.Name} is required and set by the platform");
        });
    }

    [Fact]
    public void Core_defaults_are_the_options_types_own()
    {
        Assert.Equal(Text(new SplitOptions().ChunkRecords), Default(SettingNames.ChunkRecords));
        Assert.Equal(Text(new RoutingOptions().BatchProcessingThreshold), Default(SettingNames.BatchProcessingThreshold));
        Assert.Equal(Text(new GateOptions().MaxErrorRate), Default(SettingNames.MaxErrorRate));
        Assert.Equal(Text(new ProcessOptions().StepRecords), Default(SettingNames.StepRecords));
        Assert.Equal(Text(new ProcessOptions().StepSeconds), Default(SettingNames.StepSeconds));
        Assert.Equal(Text(new ProcessOptions().Revalidate), Default(SettingNames.Revalidate));
        Assert.Equal(Text((long)new PollChunkJobOptions().RunnableLimit.TotalSeconds), Default(SettingNames.StuckRunnableSeconds));
        // Once false in the options type and true in the catalog and the functions: PollChunkJob without options kept stuck jobs.
        Assert.Equal(Text(new PollChunkJobOptions().TerminateStuckJobs), Default(SettingNames.TerminateStuckJobs));
        Assert.Equal(Text(new AwsSettings().MapMaxConcurrency), Default(SettingNames.MapMaxConcurrency));
        Assert.Equal(Text(new AwsSettings().LambdaSplitMaxBytes), Default(SettingNames.LambdaSplitMaxBytes));
        Assert.Equal(Text(new AwsSettings().StepRecords), Default(SettingNames.StepRecords));
    }

    [Fact]
    public void The_split_may_read_up_to_ten_gibibytes_what_its_tmp_can_stage()
    {
        // Lambda's ephemeral storage goes up to 10 GiB; the template gives the split function all of it.
        Assert.Equal(10L * 1024 * 1024 * 1024, AwsSettings.DefaultLambdaSplitMaxBytes);
    }

    private static string? Default(string name) => SettingsCatalog.Get(name).Default;

    private static string Text(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Text(bool value) => value ? "true" : "false";
}
