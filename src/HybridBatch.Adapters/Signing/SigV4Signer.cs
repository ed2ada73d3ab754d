using System.Globalization;

namespace HybridBatch.Adapters.Signing;

/// <summary>
/// AWS Signature Version 4 for one service and region: header auth (<see cref="Sign"/>) and query-string auth
/// (<see cref="Presign"/>). The time is passed in, so signatures are reproducible in tests. Thread-safe.
/// </summary>
public sealed class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>One week: the longest validity SigV4 accepts for a presigned request.</summary>
    public static readonly TimeSpan MaxPresignExpiry = TimeSpan.FromDays(7);

    // Proxies and the HTTP stack rewrite these, so a signature over them would break in transit (as botocore does).
    private static readonly HashSet<string> _unsignedHeaders = new(StringComparer.Ordinal) { "user-agent", "expect", "x-amzn-trace-id" };

    // Set by the signer itself; a caller's stale copy (a retried request) must not be signed again.
    private static readonly HashSet<string> _replacedHeaders = new(StringComparer.Ordinal) { "authorization", "x-amz-date", "x-amz-security-token" };

    private readonly bool _s3PathRules;
    private readonly bool _addContentSha256;

    public SigV4Signer(string service, string region)
        : this(new SigV4SignerOptions { Service = service, Region = region })
    {
    }

    public SigV4Signer(SigV4SignerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SigV4SignerOptions valid = options.Validated();
        Service = valid.Service;
        Region = valid.Region;
        _s3PathRules = valid.UseS3PathRules!.Value;
        _addContentSha256 = valid.AddContentSha256Header!.Value;
    }

    public string Service { get; }

    public string Region { get; }

    /// <summary>Header auth: computes <c>Authorization</c> and the <c>X-Amz-*</c> headers that go with it.</summary>
    public SigV4HeaderSignature Sign(SigV4Request request, AwsCredentials credentials, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);

        string amzDate = FormatAmzDate(timestamp);
        string? headerHash = null;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            string name = header.Key.Trim().ToLowerInvariant();
            if (name == "x-amz-content-sha256")
            {
                headerHash = header.Value.Trim();
                if (_addContentSha256)
                {
                    continue;
                }
            }

            if (!_unsignedHeaders.Contains(name) && !_replacedHeaders.Contains(name))
            {
                headers.Add(new(name, header.Value));
            }
        }

        string payloadHash = request.PayloadHash ?? headerHash ?? SigV4Crypto.Sha256Hex(request.Body.Span);
        headers.Add(new("x-amz-date", amzDate));
        if (credentials.SessionToken is not null)
        {
            headers.Add(new("x-amz-security-token", credentials.SessionToken));
        }

        if (_addContentSha256)
        {
            headers.Add(new("x-amz-content-sha256", payloadHash));
        }

        AddHostUnlessGiven(headers, request.Uri);

        string wirePath = SigV4Canonical.WirePath(request.Uri);
        List<KeyValuePair<string, string>> query = SigV4Canonical.WireQuery(request.Uri);
        Signed signed = Compute(request.Method, wirePath, query, headers, payloadHash, amzDate, credentials);

        string authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{signed.Scope}, SignedHeaders={signed.SignedHeaders}, Signature={signed.Signature}";
        return new SigV4HeaderSignature(
            WireUri(request.Uri, wirePath, SigV4Canonical.JoinQuery(query)),
            authorization,
            amzDate,
            _addContentSha256 ? payloadHash : null,
            credentials.SessionToken,
            signed.SignedHeaders,
            signed.Signature,
            signed.CanonicalRequest,
            signed.StringToSign);
    }

    /// <summary>
    /// Query-string auth: a URI that carries its own authorisation for <paramref name="expiresIn"/>. The request's
    /// headers are signed too and must be sent with it; S3 signs the payload as <c>UNSIGNED-PAYLOAD</c>.
    /// </summary>
    public SigV4PresignedUrl Presign(SigV4Request request, AwsCredentials credentials, DateTimeOffset timestamp, TimeSpan expiresIn)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        if (expiresIn < TimeSpan.FromSeconds(1) || expiresIn > MaxPresignExpiry)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresIn), expiresIn, "presigned URLs must expire between 1 second and 7 days");
        }

        string amzDate = FormatAmzDate(timestamp);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            string name = header.Key.Trim().ToLowerInvariant();
            if (!_unsignedHeaders.Contains(name) && !_replacedHeaders.Contains(name))
            {
                headers.Add(new(name, header.Value));
            }
        }

        AddHostUnlessGiven(headers, request.Uri);
        string signedHeaders = SigV4Canonical.Headers(headers).SignedHeaders;
        long expirySeconds = (long)expiresIn.TotalSeconds;

        string wirePath = SigV4Canonical.WirePath(request.Uri);
        List<KeyValuePair<string, string>> query = SigV4Canonical.WireQuery(request.Uri);
        // The operation's own parameters come first and the auth parameters after, in this order, as AWS's SDKs write them.
        var authParameters = new List<KeyValuePair<string, string>>
        {
            new("X-Amz-Algorithm", Algorithm),
            new("X-Amz-Credential", SigV4Encoding.Encode($"{credentials.AccessKeyId}/{Scope(amzDate)}")),
            new("X-Amz-Date", amzDate),
            new("X-Amz-Expires", expirySeconds.ToString(CultureInfo.InvariantCulture)),
            new("X-Amz-SignedHeaders", SigV4Encoding.Encode(signedHeaders)),
        };
        if (credentials.SessionToken is not null)
        {
            authParameters.Add(new("X-Amz-Security-Token", SigV4Encoding.Encode(credentials.SessionToken)));
        }

        query.AddRange(authParameters);
        string payloadHash = request.PayloadHash ?? (_s3PathRules ? UnsignedPayload : SigV4Crypto.Sha256Hex(request.Body.Span));
        Signed signed = Compute(request.Method, wirePath, query, headers, payloadHash, amzDate, credentials);

        query.Add(new("X-Amz-Signature", signed.Signature));
        DateTimeOffset signedAt = DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return new SigV4PresignedUrl(
            WireUri(request.Uri, wirePath, SigV4Canonical.JoinQuery(query)),
            signedAt,
            signedAt + TimeSpan.FromSeconds(expirySeconds),
            signed.Signature,
            signed.CanonicalRequest,
            signed.StringToSign);
    }

    internal static string FormatAmzDate(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private string Scope(string amzDate) => $"{amzDate[..8]}/{Region}/{Service}/aws4_request";

    private Signed Compute(string method, string wirePath, List<KeyValuePair<string, string>> query, List<KeyValuePair<string, string>> headers, string payloadHash, string amzDate, AwsCredentials credentials)
    {
        (string canonicalHeaders, string signedHeaders) = SigV4Canonical.Headers(headers);
        string canonicalRequest = string.Join('\n',
            method,
            SigV4Canonical.CanonicalPath(wirePath, _s3PathRules),
            SigV4Canonical.CanonicalQuery(query),
            canonicalHeaders,
            signedHeaders,
            payloadHash);

        string scope = Scope(amzDate);
        string stringToSign = string.Join('\n', Algorithm, amzDate, scope, SigV4Crypto.Sha256Hex(canonicalRequest));
        byte[] key = SigV4Crypto.SigningKey(credentials.SecretAccessKey, amzDate[..8], Region, Service);
        return new Signed(canonicalRequest, stringToSign, signedHeaders, scope, SigV4Crypto.Signature(key, stringToSign));
    }

    private static void AddHostUnlessGiven(List<KeyValuePair<string, string>> headers, Uri uri)
    {
        if (!headers.Any(h => h.Key == "host"))
        {
            headers.Add(new("host", SigV4Canonical.Host(uri)));
        }
    }

    private static Uri WireUri(Uri original, string wirePath, string query)
    {
        string authority = original.GetLeftPart(UriPartial.Authority);
        return new Uri(query.Length == 0 ? authority + wirePath : $"{authority}{wirePath}?{query}");
    }

    private readonly record struct Signed(string CanonicalRequest, string StringToSign, string SignedHeaders, string Scope, string Signature);
}
