using Amazon.Runtime;
using HybridBatch.Adapters.Aws;
using HybridBatch.Core.Storage;

namespace HybridBatch.Cli.Wiring;

/// <summary>
/// AWS clients for the CLI, configured from the given environment: endpoints from the standard
/// <c>AWS_ENDPOINT_URL*</c> variables, and credentials from <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>
/// (+ <c>AWS_SESSION_TOKEN</c>) when given there, else the SDK's default chain (container, instance profile, SSO).
/// </summary>
internal static class AwsAccess
{
    public static AwsEndpoints Endpoints(Func<string, string?> environment) => AwsEndpoints.FromEnvironment(environment);

    public static AWSCredentials? Credentials(Func<string, string?> environment)
    {
        string? key = environment("AWS_ACCESS_KEY_ID");
        string? secret = environment("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
        {
            return null;
        }

        string? token = environment("AWS_SESSION_TOKEN");
        return string.IsNullOrEmpty(token) ? new BasicAWSCredentials(key, secret) : new SessionAWSCredentials(key, secret, token);
    }

    public static IObjectStore S3Store(Func<string, string?> environment) =>
        new S3ObjectStore(Endpoints(environment).CreateS3Client(Credentials(environment)));

    /// <summary>Splits <c>s3://bucket/key</c>; null when <paramref name="uri"/> is not an S3 URI.</summary>
    public static ObjectLocation? ParseS3Uri(string uri)
    {
        if (!uri.StartsWith("s3://", StringComparison.Ordinal))
        {
            return null;
        }

        string rest = uri["s3://".Length..];
        int slash = rest.IndexOf('/');
        return slash <= 0 || slash == rest.Length - 1
            ? throw new CommandLine.UsageException($"'{uri}' is not an S3 object URI: use s3://bucket/key")
            : new ObjectLocation(rest[..slash], rest[(slash + 1)..]);
    }
}
