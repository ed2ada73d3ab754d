using HybridBatch.Core.Failures;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Settings;

namespace HybridBatch.Core.Tests.Settings;

/// <summary>The one parsing routine: unset and blank give the default, a bad value names the setting and the value.</summary>
public class SettingsReaderTests
{
    [Fact]
    public void Unset_and_blank_settings_give_the_default_and_values_are_trimmed()
    {
        var reader = Reader(new() { [SettingNames.ChunkRecords] = "  ", [SettingNames.StepRecords] = " 7 ", [SettingNames.Revalidate] = "TRUE" });

        Assert.Equal(290_000, reader.Long(SettingNames.ChunkRecords, 290_000, 1, int.MaxValue));
        Assert.Null(reader.Text(SettingNames.ChunkRecords));
        Assert.Equal(7, reader.Int(SettingNames.StepRecords, 1));
        Assert.True(reader.Bool(SettingNames.Revalidate, false));
        Assert.Equal(0.5, reader.Double(SettingNames.StepSeconds, 0.5, 0.001, 900));
    }

    [Theory]
    [InlineData(SettingNames.SplitThreads, "two", "SPLIT_THREADS must be a whole number from 1 to 256, got 'two'")]
    [InlineData(SettingNames.SplitThreads, "0", "SPLIT_THREADS must be a whole number from 1 to 256, got '0'")]
    [InlineData(SettingNames.MaxErrorRate, "1.5", "MAX_ERROR_RATE must be a number from 0 to 1, got '1.5'")]
    [InlineData(SettingNames.MaxErrorRate, "NaN", "MAX_ERROR_RATE must be a number from 0 to 1, got 'NaN'")]
    [InlineData(SettingNames.TerminateStuckJobs, "yes", "TERMINATE_STUCK_JOBS must be true or false, got 'yes'")]
    [InlineData(SettingNames.KafkaSecurity, "kerberos", "KAFKA_SECURITY must be plaintext, scram or iam, got 'kerberos'")]
    [InlineData(SettingNames.KafkaLingerMs, "soon", "KAFKA_LINGER_MS must be a whole number, got 'soon'")]
    [InlineData(SettingNames.KafkaLingerMs, "99999999999", "KAFKA_LINGER_MS must be a whole number, got '99999999999'")]
    public void A_bad_value_names_the_setting_and_the_value(string name, string value, string expected)
    {
        var reader = Reader(new() { [name] = value });

        ConfigurationException refused = Assert.Throws<ConfigurationException>(() => Read(reader, name));

        Assert.Equal(expected, refused.Message);
        Assert.Equal(name, refused.Setting);
        Assert.Equal(name, refused.ParamName);
        // Exit code 2 in the CLI, an init error in Lambda: never retried as if transient.
        Assert.Equal(FailureClass.Configuration, FailureTaxonomy.Classify(refused));
    }

    [Fact]
    public void A_required_setting_that_is_missing_is_named()
    {
        ConfigurationException refused = Assert.Throws<ConfigurationException>(() => Reader([]).Required(SettingNames.BatchJobQueue));

        Assert.Equal("BATCH_JOB_QUEUE is required", refused.Message);
    }

    [Fact]
    public void An_enum_setting_is_read_by_its_wire_names()
    {
        // No setting holds a route today; RECORD_DESTINATION stands in for any setting read through an enum.
        var reader = Reader(new() { [SettingNames.RecordDestination] = "lambda" });
        Assert.Equal(Route.Lambda, reader.Choice(SettingNames.RecordDestination, ContractNames.Routes));

        var wrong = Reader(new() { [SettingNames.RecordDestination] = "Lambda" });
        ConfigurationException refused = Assert.Throws<ConfigurationException>(() => wrong.Choice(SettingNames.RecordDestination, ContractNames.Routes));
        Assert.Equal("RECORD_DESTINATION must be lambda or batch, got 'Lambda'", refused.Message);
    }

    [Fact]
    public void A_password_keeps_its_spaces()
    {
        Assert.Equal(" pass word ", Reader(new() { [SettingNames.KafkaPassword] = " pass word " }).Raw(SettingNames.KafkaPassword));
    }

    [Fact]
    public void Reading_a_setting_outside_the_catalog_is_a_bug()
    {
        var reader = Reader(new() { ["NOT_A_SETTING"] = "1" });

        InvalidOperationException bug = Assert.Throws<InvalidOperationException>(() => reader.Text("NOT_A_SETTING"));
        Assert.Contains("SettingsCatalog.cs", bug.Message, StringComparison.Ordinal);
    }

    private static object? Read(SettingsReader reader, string name) => name switch
    {
        SettingNames.SplitThreads => reader.Long(name, 1, SplitOptionsMaxThreads),
        SettingNames.MaxErrorRate => reader.Double(name, 0, 1),
        SettingNames.TerminateStuckJobs => reader.Bool(name),
        SettingNames.KafkaSecurity => reader.Choice(name, "plaintext", "scram", "iam"),
        SettingNames.KafkaLingerMs => reader.Int(name),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no reader in this test"),
    };

    private const int SplitOptionsMaxThreads = HybridBatch.Core.Splitting.SplitOptions.MaxThreads;

    private static SettingsReader Reader(Dictionary<string, string> environment) => new(name => environment.GetValueOrDefault(name));
}
