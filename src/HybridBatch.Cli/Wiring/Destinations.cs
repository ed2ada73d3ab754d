using HybridBatch.Adapters.Kafka;
using HybridBatch.Adapters.Signing;
using HybridBatch.Adapters.Sinks;
using HybridBatch.Adapters.Sqs;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Core.Processing;

namespace HybridBatch.Cli.Wiring;

/// <summary>Creates the sink factory for a destination name (<c>RECORD_DESTINATION</c> / <c>--destination</c>).</summary>
internal static class Destinations
{
    public static IReadOnlyList<string> Names { get; } = [.. LocalSinkFactory.Names, KafkaSinkFactory.Name, SqsSinkFactory.Name];

    public static void Check(string command, string destination)
    {
        if (!Names.Contains(destination))
        {
            throw new UsageException($"{command}: unknown destination '{destination}'; use one of {string.Join(", ", Names)}");
        }
    }

    /// <param name="destination">A name from <see cref="Names"/>.</param>
    /// <param name="environment">Where the destination's settings come from.</param>
    /// <param name="outputFolder">Where the <c>file</c> destination writes.</param>
    public static IRecordSinkFactory Create(string destination, Func<string, string?> environment, string outputFolder)
    {
        try
        {
            return destination switch
            {
                KafkaSinkFactory.Name => new KafkaSinkFactory(KafkaSettings.FromEnvironment(environment,
                    environment(KafkaSettings.SecurityVariable) == "iam" ? MskIamTokens(environment) : null)),
                SqsSinkFactory.Name => new SqsSinkFactory(
                    AwsAccess.Endpoints(environment).CreateSqsClient(AwsAccess.Credentials(environment)),
                    SqsSinkOptions.FromEnvironment(environment)),
                _ => LocalSinkFactory.Create(destination, outputFolder),
            };
        }
        catch (ArgumentException invalid)
        {
            throw new UsageException($"destination {destination}: {invalid.Message}");
        }
    }

    // MSK IAM: SASL/OAUTHBEARER tokens presigned with the project's SigV4 signer (used when KAFKA_SECURITY=iam).
    private static KafkaTokenProvider MskIamTokens(Func<string, string?> environment)
    {
        IAwsCredentialsProvider credentials = environment("AWS_ACCESS_KEY_ID") is { Length: > 0 } key && environment("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
            ? new FixedCredentialsProvider(new AwsCredentials(key, secret, environment("AWS_SESSION_TOKEN")))
            : new AwsSdkCredentialsProvider();
        var tokens = new MskIamTokenProvider(AwsAccess.Endpoints(environment).Region, credentials);
        return tokens.GetTokenAsync;
    }
}
