namespace HybridBatch.Adapters.Signing;

/// <summary>A request authorised by its query string (X-Amz-Algorithm … X-Amz-Signature), valid until <see cref="Expires"/>.</summary>
public sealed class SigV4PresignedUrl
{
    internal SigV4PresignedUrl(Uri uri, DateTimeOffset signedAt, DateTimeOffset expires, string signature, string canonicalRequest, string stringToSign)
    {
        Uri = uri;
        SignedAt = signedAt;
        Expires = expires;
        Signature = signature;
        CanonicalRequest = canonicalRequest;
        StringToSign = stringToSign;
    }

    public Uri Uri { get; }

    /// <summary>The signing time as written in X-Amz-Date (whole seconds).</summary>
    public DateTimeOffset SignedAt { get; }

    public DateTimeOffset Expires { get; }

    public string Signature { get; }

    public string CanonicalRequest { get; }

    public string StringToSign { get; }
}
