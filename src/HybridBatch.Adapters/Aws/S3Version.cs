namespace HybridBatch.Adapters.Aws;

/// <summary>
/// The version tokens of <see cref="S3ObjectStore"/>: <c>version:&lt;VersionId&gt;</c> in a versioned bucket,
/// else <c>etag:&lt;ETag&gt;</c>. A read pins each GET to the token (VersionId, or If-Match).
/// </summary>
internal readonly record struct S3Version(string? VersionId, string? ETag)
{
    private const string VersionPrefix = "version:";
    private const string ETagPrefix = "etag:";

    public static string Format(string? versionId, string? etag)
    {
        // "null" is the id S3 gives objects written while versioning was off or suspended: it does not pin.
        if (!string.IsNullOrEmpty(versionId) && versionId != "null")
        {
            return VersionPrefix + versionId;
        }

        if (string.IsNullOrEmpty(etag))
        {
            throw new InvalidDataException("S3 returned neither a version id nor an ETag");
        }

        return ETagPrefix + etag;
    }

    public static S3Version Parse(string token)
    {
        if (token.StartsWith(VersionPrefix, StringComparison.Ordinal) && token.Length > VersionPrefix.Length)
        {
            return new S3Version(token[VersionPrefix.Length..], null);
        }

        if (token.StartsWith(ETagPrefix, StringComparison.Ordinal) && token.Length > ETagPrefix.Length)
        {
            return new S3Version(null, token[ETagPrefix.Length..]);
        }

        throw new ArgumentException($"'{token}' is not an S3 version token (version:<id> or etag:<etag>)", nameof(token));
    }
}
