using System.Buffers.Text;
using System.Text;

namespace HybridBatch.Adapters.Signing;

/// <summary>
/// The SASL/OAUTHBEARER token for MSK IAM auth: a SigV4 presigned <c>GET https://kafka.REGION.SUFFIX/?Action=kafka-cluster:Connect</c>
/// (SUFFIX the region's partition's: <c>amazonaws.com</c>, <c>amazonaws.com.cn</c> in China; <see cref="Aws.AwsPartition"/>)
/// (service <c>kafka-cluster</c>, 900 s), with a <c>User-Agent</c> parameter added after signing, base64url-encoded without padding.
/// Plug <see cref="GetTokenAsync"/> into librdkafka's OAuth bearer refresh callback; it wants the expiry in ms since the epoch
/// (<c>Expiry.ToUnixTimeMilliseconds()</c>) and refreshes before it.
/// </summary>
public sealed class MskIamTokenProvider
{
    public const string SigningName = "kafka-cluster";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(900);

    private readonly SigV4Signer _signer;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly TimeProvider _clock;
    private readonly string _userAgent;

    /// <param name="region">The cluster's region, e.g. <c>eu-west-1</c>.</param>
    /// <param name="credentials">Where credentials come from; <see cref="AwsSdkCredentialsProvider"/> in production.</param>
    /// <param name="clock">Signing time source; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="userAgent">Identifies this client in the broker's logs; not signed.</param>
    public MskIamTokenProvider(string region, IAwsCredentialsProvider credentials, TimeProvider? clock = null, string userAgent = "hybridbatch-msk-iam/1.0")
    {
        _signer = new SigV4Signer(SigningName, region);
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _clock = clock ?? TimeProvider.System;
        _userAgent = string.IsNullOrWhiteSpace(userAgent) ? throw new ArgumentException("user agent is empty", nameof(userAgent)) : userAgent;
        Endpoint = new Uri($"https://{Aws.AwsPartition.Host("kafka", _signer.Region)}/?Action={SigV4Encoding.Encode("kafka-cluster:Connect")}");
    }

    /// <summary>The unsigned request the token presigns.</summary>
    public Uri Endpoint { get; }

    /// <summary>A fresh token and the moment it stops being accepted (signing time + 900 s).</summary>
    public async Task<(string Token, DateTimeOffset Expiry)> GetTokenAsync(CancellationToken cancellationToken)
    {
        AwsCredentials credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        SigV4PresignedUrl presigned = _signer.Presign(new SigV4Request("GET", Endpoint), credentials, _clock.GetUtcNow(), TokenLifetime);

        // The broker parses the URL, so the unsigned User-Agent can simply follow the signature.
        string url = $"{presigned.Uri.AbsoluteUri}&User-Agent={SigV4Encoding.Encode(_userAgent)}";
        string token = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(url));
        return (token, presigned.Expires);
    }
}
