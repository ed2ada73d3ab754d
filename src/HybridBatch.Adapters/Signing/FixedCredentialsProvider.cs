namespace HybridBatch.Adapters.Signing;

/// <summary>Always returns the same credentials: for tests and for keys passed in explicitly.</summary>
public sealed class FixedCredentialsProvider : IAwsCredentialsProvider
{
    private readonly AwsCredentials _credentials;

    public FixedCredentialsProvider(AwsCredentials credentials)
    {
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
    }

    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_credentials);
}
