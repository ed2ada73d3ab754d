namespace HybridBatch.Adapters.Signing;

/// <summary>
/// What SigV4 signs: method, absolute URI, headers, and either the body or its precomputed SHA-256 hex
/// (or <c>UNSIGNED-PAYLOAD</c>) for bodies too large to hold or hash twice.
/// </summary>
public sealed class SigV4Request
{
    public SigV4Request(string method, Uri uri)
    {
        if (string.IsNullOrWhiteSpace(method))
        {
            throw new ArgumentException("HTTP method is empty", nameof(method));
        }

        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException($"SigV4 needs an absolute URI, got '{uri}'", nameof(uri));
        }

        Method = method.ToUpperInvariant();
        Uri = uri;
    }

    public string Method { get; }

    public Uri Uri { get; }

    /// <summary>Headers in the order given; a name may repeat, and its values are then signed comma-joined.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Hex SHA-256 of the body, or <c>UNSIGNED-PAYLOAD</c>; when set, <see cref="Body"/> is not hashed.</summary>
    public string? PayloadHash { get; init; }
}
