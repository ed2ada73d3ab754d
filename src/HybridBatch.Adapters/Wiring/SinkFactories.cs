using HybridBatch.Adapters.Kafka;
using HybridBatch.Adapters.Signing;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Adapters.Sqs;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Settings;

namespace HybridBatch.Adapters.Wiring;

/// <summary>
/// The sink factory for a destination name (<c>RECORD_DESTINATION</c> / <c>--destination</c>): <c>kafka</c>,
/// <c>sqs_core</c>, or a local one (<c>file</c>, <c>stdout</c>, <c>discard</c>). One place, so the CLI and the
/// Lambda functions publish the same way. A bad setting throws an <see cref="ArgumentException"/> naming it.
/// </summary>
public static class SinkFactories
{
    public const string DestinationVariable = Core.Settings.SettingNames.RecordDestination;

    public static IReadOnlyList<string> Names { get; } = [.. LocalSinkFactory.Names, KafkaSinkFactory.Name, SqsSinkFactory.Name];

    /// <param name="destination">A name from <see cref="Names"/>.</param>
    /// <param name="environment">Where the destination's settings come from (<c>KAFKA_*</c>, <c>SQS_CORE_*</c>, AWS).</param>
    /// <param name="outputFolder">Where the <c>file</c> destination writes; unused by the others.</param>
    /// <param name="log">
    /// Where the destination's adapter logs (Kafka: producer errors, token refreshes, commit retries; SQS: resent
    /// entries and the SDK's retries); none if null.
    /// </param>
    /// <param name="mockClusterMarkers">
    /// Kafka against librdkafka's mock cluster (<c>KAFKA_MOCK_CLUSTER=true</c>): the reader of its transaction markers,
    /// which only the CLI's local runs have (HybridBatch.MockKafka); null elsewhere, where that setting is refused.
    /// </param>
    /// <returns>The factory; dispose it when it is <see cref="IDisposable"/> (Kafka holds a producer).</returns>
    public static IRecordSinkFactory Create(string destination, Func<string, string?> environment, string? outputFolder, ILog? log = null, UncommittedOffsets? mockClusterMarkers = null) => destination switch
    {
        KafkaSinkFactory.Name => new KafkaSinkFactory(KafkaSettingsOf(environment) with { MockClusterMarkers = mockClusterMarkers }, log),
        SqsSinkFactory.Name => new SqsSinkFactory(AwsAccess.SqsClient(environment, log), SqsSinkOptions.FromEnvironment(environment), log),
        _ when LocalSinkFactory.Names.Contains(destination) => LocalSinkFactory.Create(destination, outputFolder),
        _ => throw ConfigurationException.Explained(DestinationVariable, $"unknown destination '{destination}'; use one of {string.Join(", ", Names)}"),
    };

    // KAFKA_SECURITY=iam takes its tokens from the project's signer, with the AWS settings of the same environment.
    private static KafkaSettings KafkaSettingsOf(Func<string, string?> environment)
    {
        KafkaSettings settings = KafkaSettings.FromEnvironment(environment);
        return settings.Security == KafkaSecurity.Iam ? settings with { TokenProvider = MskIamTokens(environment) } : settings;
    }

    // MSK IAM: SASL/OAUTHBEARER tokens presigned with the project's SigV4 signer (KAFKA_SECURITY=iam).
    private static KafkaTokenProvider MskIamTokens(Func<string, string?> environment)
    {
        var tokens = new MskIamTokenProvider(AwsAccess.Endpoints(environment).Region, AwsAccess.SignerCredentials(environment));
        return tokens.GetTokenAsync;
    }
}
