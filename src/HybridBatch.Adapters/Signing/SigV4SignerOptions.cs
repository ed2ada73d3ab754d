namespace HybridBatch.Adapters.Signing;

/// <summary>Which service and region a <see cref="SigV4Signer"/> signs for, and the service's canonicalisation rules.</summary>
public sealed class SigV4SignerOptions
{
    /// <summary>Signing name, e.g. <c>batch</c>, <c>s3</c>, <c>kafka-cluster</c>. Required.</summary>
    public string Service { get; init; } = "";

    /// <summary>Region, e.g. <c>eu-west-1</c>. Required.</summary>
    public string Region { get; init; } = "";

    /// <summary>
    /// S3 rules: the path is encoded once and not normalised (keys may hold <c>//</c>). Other services normalise
    /// the path and encode it twice. Default: <c>true</c> when <see cref="Service"/> is <c>s3</c>.
    /// </summary>
    public bool? UseS3PathRules { get; init; }

    /// <summary>
    /// Send and sign <c>X-Amz-Content-Sha256</c> with header auth, as S3 requires. Default: <c>true</c> for <c>s3</c>.
    /// </summary>
    public bool? AddContentSha256Header { get; init; }

    internal SigV4SignerOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(Service) || Service.Any(char.IsWhiteSpace) || Service.Contains('/'))
        {
            throw new ArgumentException($"SigV4SignerOptions.Service '{Service}' is not a signing name", nameof(Service));
        }

        if (string.IsNullOrWhiteSpace(Region) || Region.Any(char.IsWhiteSpace) || Region.Contains('/'))
        {
            throw new ArgumentException($"SigV4SignerOptions.Region '{Region}' is not a region", nameof(Region));
        }

        bool s3 = Service == "s3";
        return new SigV4SignerOptions
        {
            Service = Service,
            Region = Region,
            UseS3PathRules = UseS3PathRules ?? s3,
            AddContentSha256Header = AddContentSha256Header ?? s3,
        };
    }
}
