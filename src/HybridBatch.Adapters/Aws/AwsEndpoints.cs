using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Settings;

namespace HybridBatch.Adapters.Aws;

/// <summary>
/// Region and endpoints for the AWS clients, from the standard variables: <c>AWS_REGION</c> (default
/// us-east-1), <c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL_SQS</c>, else <c>AWS_ENDPOINT_URL</c>.
/// The same binaries then run against AWS and against a local emulator. Credentials come from AWSSDK's
/// default chain unless given.
/// </summary>
public sealed record AwsEndpoints
{
    public const string DefaultRegion = "us-east-1";

    /// <summary>The region to sign for and to call. Default us-east-1.</summary>
    public string Region { get; init; } = DefaultRegion;

    /// <summary>The S3 endpoint, or null for AWS's own. When set, requests use path-style addressing.</summary>
    public Uri? S3ServiceUrl { get; init; }

    /// <summary>The SQS endpoint, or null for AWS's own.</summary>
    public Uri? SqsServiceUrl { get; init; }

    /// <summary>
    /// Reads the settings through <paramref name="environment"/> (not process-wide state, so tests can run side
    /// by side with their own settings) and the one settings reader: a bad URL is a <see cref="ConfigurationException"/> naming its variable.
    /// </summary>
    public static AwsEndpoints FromEnvironment(Func<string, string?> environment)
    {
        var settings = new SettingsReader(environment);
        // The service's own variable first; the shared one is read only without it, as the AWS SDKs do.
        return new AwsEndpoints
        {
            Region = settings.Text(SettingNames.Region) ?? DefaultRegion,
            S3ServiceUrl = settings.HttpUrl(SettingNames.EndpointUrlS3) ?? settings.HttpUrl(SettingNames.EndpointUrl),
            SqsServiceUrl = settings.HttpUrl(SettingNames.EndpointUrlSqs) ?? settings.HttpUrl(SettingNames.EndpointUrl),
        };
    }

    public AmazonS3Config CreateS3Config()
    {
        var config = new AmazonS3Config();
        if (S3ServiceUrl is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }
        else
        {
            // Emulators serve every bucket on one host: virtual-host addressing would need DNS for each bucket.
            config.ServiceURL = S3ServiceUrl.ToString();
            config.AuthenticationRegion = Region;
            config.ForcePathStyle = true;
        }

        return config;
    }

    public AmazonSQSConfig CreateSqsConfig()
    {
        var config = new AmazonSQSConfig();
        if (SqsServiceUrl is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }
        else
        {
            config.ServiceURL = SqsServiceUrl.ToString();
            config.AuthenticationRegion = Region;
        }

        return config;
    }

    /// <param name="credentials">Explicit credentials (tests against an emulator), or null for the default chain.</param>
    /// <param name="log">Where the SDK's retries of this client's requests are logged, with their attempt number; none if null.</param>
    public IAmazonS3 CreateS3Client(AWSCredentials? credentials = null, ILog? log = null)
    {
        AmazonS3Config config = CreateS3Config();
        if (log is not null)
        {
            AwsRetryLog.Attach(config, "S3", log);
        }

        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    /// <param name="credentials">Explicit credentials (tests against an emulator), or null for the default chain.</param>
    /// <param name="log">Where the SDK's retries are logged, with their attempt number, as for S3; none if null.</param>
    public IAmazonSQS CreateSqsClient(AWSCredentials? credentials = null, ILog? log = null)
    {
        AmazonSQSConfig config = CreateSqsConfig();
        if (log is not null)
        {
            AwsRetryLog.Attach(config, "SQS", log);
        }

        return credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config);
    }
}
