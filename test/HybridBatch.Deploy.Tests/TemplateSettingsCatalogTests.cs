using System.Globalization;
using System.Text.Json.Nodes;
using HybridBatch.Adapters.Aws;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Adapters.Sqs;
using HybridBatch.Core.Settings;
using HybridBatch.Deploy.Tests.Support;
using HybridBatch.Functions.Hosting;
using HybridBatch.Functions.Runtime;
using HybridBatch.Functions.Telemetry;

namespace HybridBatch.Deploy.Tests;

/// <summary>
/// template.yaml's environments against the settings catalog (src/HybridBatch.Core/Settings/SettingsCatalog.cs): every
/// variable a function or job definition sets is catalogued as read by it, and every variable it requires is set.
/// </summary>
public class TemplateSettingsCatalogTests
{
    // The functions by the handler their Handler property names, and who in the catalog that is.
    private static readonly Dictionary<string, SettingReaders> s_handlers = new(StringComparer.Ordinal)
    {
        ["split"] = SettingReaders.Split,
        ["route"] = SettingReaders.Route,
        ["process-chunk"] = SettingReaders.ProcessChunk,
        ["submit-batch-job"] = SettingReaders.SubmitBatchJob,
        ["poll-batch-job"] = SettingReaders.PollBatchJob,
        ["aggregate"] = SettingReaders.Aggregate,
    };

    public static TheoryData<string> Functions() => [.. TemplateFile.OfType("AWS::Serverless::Function").Select(f => f.Name)];

    [Fact]
    public void Every_handler_is_deployed_once()
    {
        Assert.Equal(s_handlers.Keys.Order(StringComparer.Ordinal), TemplateFile.OfType("AWS::Serverless::Function").Select(f => Handler(f.Name)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void A_function_sets_only_catalogued_settings_it_reads_and_every_one_it_requires(string function)
    {
        SettingReaders reader = s_handlers[Handler(function)];
        HashSet<string> given = [.. Environment(function)];

        foreach (string name in given)
        {
            Assert.True(SettingsCatalog.Contains(name), $"{function} sets {name}, which is not in the settings catalog");
            Setting setting = SettingsCatalog.Get(name);
            Assert.True((setting.ReadBy & reader) != 0, $"{function} sets {name}, which the catalog says {reader} does not read");
            Assert.False(setting.SetByPlatform, $"{function} sets {name}, which the platform sets");
        }

        string[] missing = SettingsCatalog.All
            .Where(s => (s.RequiredBy & reader) != 0 && !s.SetByPlatform && !given.Contains(s.Name))
            .Select(s => s.Name).ToArray();
        Assert.True(missing.Length == 0, $"{function} requires {string.Join(", ", missing)}, which template.yaml does not set");
    }

    [Theory]
    [InlineData("BatchValidationJobDefinition", SettingReaders.ValidationJob)]
    [InlineData("BatchProcessingJobDefinition", SettingReaders.ProcessingJob)]
    public void A_job_definition_sets_only_catalogued_settings_its_command_reads(string definition, SettingReaders reader)
    {
        string[] given = Intrinsics.Items(TemplateFile.Properties(definition)["ContainerProperties"]!["Environment"])
            .Select(e => Intrinsics.Text(e!["Name"])!).ToArray();

        Assert.NotEmpty(given);
        foreach (string name in given)
        {
            Assert.True(SettingsCatalog.Contains(name), $"{definition} sets {name}, which is not in the settings catalog");
            Assert.True((SettingsCatalog.Get(name).ReadBy & reader) != 0, $"{definition} sets {name}, which the catalog says {reader} does not read");
        }
    }

    [Fact]
    public void The_catalogs_defaults_of_host_and_adapter_settings_are_theirs()
    {
        // Core cannot see the adapters' and hosts' options, so their defaults are written in the catalog and held here.
        var kafka = new KafkaSettings();
        Assert.Equal(kafka.Security.ToString().ToLowerInvariant(), Default(SettingNames.KafkaSecurity));
        Assert.Equal(kafka.Compression.ToString().ToLowerInvariant(), Default(SettingNames.KafkaCompression));
        Assert.Equal(Text(kafka.LingerMs), Default(SettingNames.KafkaLingerMs));
        Assert.Equal(Text(kafka.BatchBytes), Default(SettingNames.KafkaBatchBytes));
        Assert.Equal(kafka.Transactions ? "true" : "false", Default(SettingNames.KafkaTransactions));
        Assert.Equal(Text((long)kafka.TransactionTimeout.TotalMilliseconds), Default(SettingNames.KafkaTransactionTimeoutMs));
        Assert.Equal(kafka.MockCluster ? "true" : "false", Default(SettingNames.KafkaMockCluster));
        Assert.Equal("{" + SettingNames.KafkaTopic + "}" + KafkaSettings.ControlTopicSuffix, Default(SettingNames.KafkaControlTopic));
        Assert.Equal(JsonLogger.DefaultService, Default(SettingNames.ServiceName));
        Assert.Equal(MetricsLogger.DefaultNamespace, Default(SettingNames.MetricsNamespace));
        Assert.Equal(FunctionSettings.DefaultFileOutputDir, Default(SettingNames.FileOutputDir));
        Assert.Equal(Text((long)new RuntimeOptions().DeadlineMargin.TotalMilliseconds), Default(SettingNames.DeadlineMarginMs));
        Assert.Equal(Text(FunctionSettings.DefaultLambdaSplitMaxBytes), Default(SettingNames.LambdaSplitMaxBytes));
        // Once "the queue's limit": the sink never asks the queue, it assumes SQS's own limit unless told.
        Assert.Equal(Text(new SqsSinkOptions { QueueUrl = "https://sqs.us-east-1.amazonaws.com/0/q" }.MaxMessageBytes), Default(SettingNames.SqsMaxMessageBytes));
        Assert.Equal(AwsEndpoints.DefaultRegion, Default(SettingNames.Region)!.Split(' ')[0]);
    }

    [Fact]
    public void The_function_reads_the_templates_lambda_split_max_bytes_when_the_setting_is_absent()
    {
        // Once 2 GiB in code and 10 GiB in the template: one definition now (AwsSettings.DefaultLambdaSplitMaxBytes).
        Assert.Equal(TemplateFile.ParameterDefault("LambdaSplitMaxBytes"), Text(FunctionSettings.DefaultLambdaSplitMaxBytes));
        Assert.Equal(TemplateFile.ParameterDefault("LambdaSplitMaxBytes"), Default(SettingNames.LambdaSplitMaxBytes));
    }

    private static string? Default(string name) => SettingsCatalog.Get(name).Default;

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Handler(string function) => Intrinsics.Text(TemplateFile.Properties(function)["Handler"])!;

    // What SAM gives the function: Globals' variables, then its own.
    private static IEnumerable<string> Environment(string function) =>
        new[] { TemplateFile.Json["Globals"]!["Function"]!["Environment"]?["Variables"], TemplateFile.Properties(function)["Environment"]?["Variables"] }
            .OfType<JsonObject>().SelectMany(o => o.Select(p => p.Key));
}
