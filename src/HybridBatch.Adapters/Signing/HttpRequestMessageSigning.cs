using System.Net.Http.Headers;

namespace HybridBatch.Adapters.Signing;

/// <summary>Signs an <see cref="HttpRequestMessage"/> in place with SigV4 header auth, for clients built on HttpClient.</summary>
public static class HttpRequestMessageSigning
{
    // The HTTP stack sets or rewrites these after signing; signing them would make the signature fragile.
    private static readonly HashSet<string> _transportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "content-length",
    };

    // Removed first so a retried request is signed afresh instead of carrying the previous attempt's values.
    // X-Amz-Content-Sha256 stays: outside S3 a caller may set it to sign a precomputed hash, and it is replaced below when the signer sets it.
    private static readonly string[] _signatureHeaders = ["Authorization", "X-Amz-Date", "X-Amz-Security-Token"];

    /// <summary>Signs with the SHA-256 of the buffered content; see the overload with a payload hash.</summary>
    public static Task<SigV4HeaderSignature> SignAsync(this HttpRequestMessage request, SigV4Signer signer, AwsCredentials credentials, DateTimeOffset timestamp, CancellationToken cancellationToken) =>
        request.SignAsync(signer, credentials, timestamp, payloadHash: null, cancellationToken);

    /// <summary>
    /// Buffers the content to hash it (unless <paramref name="payloadHash"/> is given), signs method, URI and headers,
    /// sets <c>Authorization</c> and the <c>X-Amz-*</c> headers, and rewrites the URI to the escaping that was signed.
    /// </summary>
    public static async Task<SigV4HeaderSignature> SignAsync(this HttpRequestMessage request, SigV4Signer signer, AwsCredentials credentials, DateTimeOffset timestamp, string? payloadHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signer);
        Uri uri = request.RequestUri ?? throw new InvalidOperationException("cannot sign a request without a RequestUri");

        foreach (string name in _signatureHeaders)
        {
            request.Headers.Remove(name);
        }

        var headers = new List<KeyValuePair<string, string>>();
        Collect(request.Headers.NonValidated, headers);
        byte[] body = [];
        if (request.Content is not null)
        {
            Collect(request.Content.Headers.NonValidated, headers);
            if (payloadHash is null)
            {
                body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var description = new SigV4Request(request.Method.Method, uri) { Headers = headers, Body = body, PayloadHash = payloadHash };
        SigV4HeaderSignature signature = signer.Sign(description, credentials, timestamp);

        request.RequestUri = signature.RequestUri;
        if (signature.ContentSha256 is not null)
        {
            request.Headers.Remove("X-Amz-Content-Sha256");
        }

        foreach (KeyValuePair<string, string> header in signature.Headers)
        {
            // Without validation: the Authorization value is not a single scheme-and-token pair .NET would accept as is.
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return signature;
    }

    private static void Collect(HttpHeadersNonValidated source, List<KeyValuePair<string, string>> into)
    {
        foreach (KeyValuePair<string, HeaderStringValues> header in source)
        {
            if (_transportHeaders.Contains(header.Key))
            {
                continue;
            }

            foreach (string value in header.Value)
            {
                into.Add(new(header.Key, value));
            }
        }
    }
}
