namespace HybridBatch.Adapters.Signing;

/// <summary>
/// An access key, its secret and, for temporary credentials, the session token that must travel with them.
/// </summary>
public sealed class AwsCredentials
{
    public AwsCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null)
    {
        if (string.IsNullOrWhiteSpace(accessKeyId))
        {
            throw new ArgumentException("AWS access key id is empty", nameof(accessKeyId));
        }

        if (string.IsNullOrEmpty(secretAccessKey))
        {
            throw new ArgumentException($"AWS secret access key for {accessKeyId} is empty", nameof(secretAccessKey));
        }

        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
    }

    public string AccessKeyId { get; }

    public string SecretAccessKey { get; }

    /// <summary>The session token of temporary credentials, or <c>null</c> for long-term keys.</summary>
    public string? SessionToken { get; }

    // Credentials end up in exception messages and logs by accident; never let the secret ride along.
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SessionToken = {(SessionToken is null ? "none" : "set")} }}";
}
