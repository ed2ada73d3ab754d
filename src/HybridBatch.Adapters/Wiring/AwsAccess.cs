using Amazon.Runtime;
using Amazon.SQS;
using HybridBatch.Adapters.Aws;
using HybridBatch.Adapters.Batch;
using HybridBatch.Adapters.Signing;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Settings;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Wiring;

/// <summary>
/// AWS clients for a host (the CLI, the Lambda functions), configured from the given environment: endpoints
/// from the standard <c>AWS_ENDPOINT_URL*</c> variables, and credentials from <c>AWS_ACCESS_KEY_ID</c>/
/// <c>AWS_SECRET_ACCESS_KEY</c> (+ <c>AWS_SESSION_TOKEN</c>) when given there, else the SDK's default chain
/// (container, instance profile, SSO). Every variable is read through <see cref="SettingsReader"/>: bad settings throw a
/// <see cref="ConfigurationException"/> naming them.
/// </summary>
public static class AwsAccess
{
    public static AwsEndpoints Endpoints(Func<string, string?> environment) => AwsEndpoints.FromEnvironment(environment);

    public static AWSCredentials? Credentials(Func<string, string?> environment) =>
        StaticCredentials(environment) is { } given
            ? given.SessionToken is null ? new BasicAWSCredentials(given.AccessKeyId, given.SecretAccessKey) : new SessionAWSCredentials(given.AccessKeyId, given.SecretAccessKey, given.SessionToken)
            : null;

    /// <summary>Credentials for the project's own SigV4 signer (Batch API, MSK IAM tokens).</summary>
    public static IAwsCredentialsProvider SignerCredentials(Func<string, string?> environment) =>
        StaticCredentials(environment) is { } given ? new FixedCredentialsProvider(given) : new AwsSdkCredentialsProvider();

    // AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) when both are given, through the one settings
    // reader; else null, for the SDK's default chain. The secrets are read as they are (all their characters count).
    private static AwsCredentials? StaticCredentials(Func<string, string?> environment)
    {
        var settings = new SettingsReader(environment);
        return settings.Text(SettingNames.AccessKeyId) is { } key && settings.Raw(SettingNames.SecretAccessKey) is { } secret
            ? new AwsCredentials(key, secret, settings.Raw(SettingNames.SessionToken))
            : null;
    }

    /// <param name="environment">Where the endpoints and credentials come from.</param>
    /// <param name="log">Where the SDK's retries are logged, with their attempt number; none if null.</param>
    public static IObjectStore S3Store(Func<string, string?> environment, ILog? log = null) =>
        new S3ObjectStore(Endpoints(environment).CreateS3Client(Credentials(environment), log));

    /// <param name="environment">Where the endpoints and credentials come from.</param>
    /// <param name="log">Where the SDK's retries are logged, with their attempt number; none if null.</param>
    public static IAmazonSQS SqsClient(Func<string, string?> environment, ILog? log = null) =>
        Endpoints(environment).CreateSqsClient(Credentials(environment), log);

    /// <summary>The Batch API client for <c>AWS_REGION</c> (and <c>AWS_ENDPOINT_URL_BATCH</c>); the caller owns <paramref name="http"/>.</summary>
    public static BatchApiClient BatchClient(Func<string, string?> environment, HttpClient http) =>
        new(http, BatchApiClientOptions.FromEnvironment(environment), SignerCredentials(environment));

    /// <summary>
    /// Splits <c>s3://bucket/key</c>; null when <paramref name="uri"/> is not an S3 URI at all, a
    /// <see cref="FormatException"/> when it starts like one but names no object.
    /// </summary>
    public static ObjectLocation? ParseS3Uri(string uri)
    {
        if (!uri.StartsWith("s3://", StringComparison.Ordinal))
        {
            return null;
        }

        string rest = uri["s3://".Length..];
        int slash = rest.IndexOf('/');
        return slash <= 0 || slash == rest.Length - 1
            ? throw new FormatException($"'{uri}' is not an S3 object URI: use s3://bucket/key")
            : new ObjectLocation(rest[..slash], rest[(slash + 1)..]);
    }
}
