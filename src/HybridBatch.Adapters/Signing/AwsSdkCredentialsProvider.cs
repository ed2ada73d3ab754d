using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace HybridBatch.Adapters.Signing;

/// <summary>
/// Credentials from AWSSDK.Core: by default its standard chain (environment, profile, container and instance
/// metadata: on Lambda and Batch the role's temporary credentials), or any <see cref="AWSCredentials"/> given.
/// The SDK caches and refreshes them; this only asks for the current ones.
/// </summary>
public sealed class AwsSdkCredentialsProvider : IAwsCredentialsProvider
{
    private readonly AWSCredentials? _credentials;

    /// <summary>Uses the SDK's default credential chain, resolved on first use.</summary>
    public AwsSdkCredentialsProvider()
    {
    }

    public AwsSdkCredentialsProvider(AWSCredentials credentials)
    {
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
    }

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        AWSCredentials source = _credentials ?? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        ImmutableCredentials current = await source.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return new AwsCredentials(current.AccessKey, current.SecretKey, current.UseToken ? current.Token : null);
    }
}
