namespace HybridBatch.Adapters.Signing;

/// <summary>
/// The result of header auth: the headers to send and, for diagnosing a <c>SignatureDoesNotMatch</c>, the canonical
/// request and string to sign that AWS echoes back in its error.
/// </summary>
public sealed class SigV4HeaderSignature
{
    internal SigV4HeaderSignature(Uri requestUri, string authorization, string amzDate, string? contentSha256, string? securityToken, string signedHeaders, string signature, string canonicalRequest, string stringToSign)
    {
        RequestUri = requestUri;
        Authorization = authorization;
        AmzDate = amzDate;
        ContentSha256 = contentSha256;
        SecurityToken = securityToken;
        SignedHeaders = signedHeaders;
        Signature = signature;
        CanonicalRequest = canonicalRequest;
        StringToSign = stringToSign;
    }

    /// <summary>The URI to send: the request's URI with its path and query in the escaping that was signed.</summary>
    public Uri RequestUri { get; }

    public string Authorization { get; }

    public string AmzDate { get; }

    /// <summary>Value of <c>X-Amz-Content-Sha256</c> when the service needs that header, else <c>null</c>.</summary>
    public string? ContentSha256 { get; }

    /// <summary>Value of <c>X-Amz-Security-Token</c> for temporary credentials, else <c>null</c>.</summary>
    public string? SecurityToken { get; }

    public string SignedHeaders { get; }

    public string Signature { get; }

    public string CanonicalRequest { get; }

    public string StringToSign { get; }

    /// <summary>Every header this signature adds to the request, by its conventional name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers
    {
        get
        {
            var headers = new List<KeyValuePair<string, string>>
            {
                new("Authorization", Authorization),
                new("X-Amz-Date", AmzDate),
            };
            if (ContentSha256 is not null)
            {
                headers.Add(new("X-Amz-Content-Sha256", ContentSha256));
            }

            if (SecurityToken is not null)
            {
                headers.Add(new("X-Amz-Security-Token", SecurityToken));
            }

            return headers;
        }
    }
}
