namespace HybridBatch.Adapters.Signing;

/// <summary>Supplies the credentials to sign with; called before every signature so rotated credentials are picked up.</summary>
public interface IAwsCredentialsProvider
{
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}
