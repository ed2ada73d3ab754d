using System.Net;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;
using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Aws;

/// <summary>
/// The object store on Amazon S3 (or an S3-compatible endpoint). Versions are <c>version:&lt;VersionId&gt;</c>
/// in versioned buckets and <c>etag:&lt;ETag&gt;</c> otherwise; every ranged GET of a pinned read carries the
/// version id or an If-Match, so an object replaced mid-run fails with <see cref="ObjectChangedException"/>
/// instead of mixing two versions. Failed calls throw <see cref="S3StoreException"/> with S3's error code.
/// </summary>
public sealed class S3ObjectStore : IObjectStore
{
    private readonly IAmazonS3 _s3;
    private readonly S3ObjectStoreOptions _options;

    /// <param name="s3">The client; the store does not dispose it.</param>
    /// <param name="options">Part sizes and concurrency; null for the defaults.</param>
    public S3ObjectStore(IAmazonS3 s3, S3ObjectStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        _options = options ?? new S3ObjectStoreOptions();
        _options.Validate();
        _s3 = s3;
    }

    /// <summary>
    /// The version token this store gives an object with this version id or ETag (as an S3 event announces them),
    /// so a caller can pin a read to the version an event was about. The ETag may come with or without its quotes.
    /// </summary>
    public static string VersionToken(string? versionId, string? etag) =>
        S3Version.Format(versionId, string.IsNullOrEmpty(etag) || etag.StartsWith('"') ? etag : $"\"{etag}\"");

    public async Task<ObjectInfo?> StatAsync(ObjectLocation location, CancellationToken cancellationToken)
    {
        try
        {
            GetObjectMetadataResponse head = await _s3.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = location.Bucket, Key = location.Key }, cancellationToken).ConfigureAwait(false);
            DateTime modified = head.LastModified ?? DateTime.UnixEpoch;
            return new ObjectInfo(location, head.ContentLength, S3Version.Format(head.VersionId, head.ETag),
                new DateTimeOffset(DateTime.SpecifyKind(modified.ToUniversalTime(), DateTimeKind.Utc)));
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.NotFound && error.ErrorCode != "NoSuchBucket")
        {
            // HEAD has no body, so a missing bucket may also arrive as a bare 404: a missing object either way.
            return null;
        }
        catch (AmazonS3Exception error)
        {
            throw Failure("HeadObject", location, error);
        }
    }

    public async Task<Stream> OpenReadAsync(ObjectLocation location, long start, long end, string? expectedVersion, CancellationToken cancellationToken)
    {
        if (start < 0 || end < start)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"bad byte range [{start}, {end}) for s3://{location}");
        }

        if (start == end)
        {
            // Nothing to GET; a pinned empty read still checks that the object is the expected version.
            if (expectedVersion is not null)
            {
                S3Version.Parse(expectedVersion);
                ObjectInfo? current = await StatAsync(location, cancellationToken).ConfigureAwait(false);
                if (current?.Version != expectedVersion)
                {
                    throw new ObjectChangedException(location, expectedVersion, current?.Version);
                }
            }

            return new MemoryStream([], writable: false);
        }

        var stream = new S3RangeReadStream(this, _s3, location, start, end, expectedVersion, _options.ReadPartBytes, _options.ReadConcurrency);
        try
        {
            await stream.PrimeAsync(cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task<Stream> OpenWriteAsync(ObjectLocation location, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new S3UploadStream(_s3, location, _options, cancellationToken));

    public async Task WriteAsync(ObjectLocation location, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (content.Length > _options.UploadPartBytes)
        {
            await using Stream stream = await OpenWriteAsync(location, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            return;
        }

        MemoryStream body = MemoryMarshal.TryGetArray(content, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        try
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = location.Bucket, Key = location.Key, InputStream = body }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception error)
        {
            throw Failure("PutObject", location, error);
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, MaxKeys = _options.ListPageSize };
        try
        {
            while (true)
            {
                ListObjectsV2Response page = await _s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
                foreach (S3Object item in page.S3Objects ?? [])
                {
                    keys.Add(item.Key);
                }

                if (page.IsTruncated != true)
                {
                    break;
                }

                if (string.IsNullOrEmpty(page.NextContinuationToken))
                {
                    throw new InvalidDataException($"S3 listing of s3://{bucket}/{prefix} is truncated but has no continuation token");
                }

                request.ContinuationToken = page.NextContinuationToken;
            }
        }
        catch (AmazonS3Exception error)
        {
            throw Failure("ListObjectsV2", new ObjectLocation(bucket, prefix), error);
        }

        // S3 sorts by UTF-8 bytes; the interface promises ordinal (UTF-16) order, which differs past U+FFFF.
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    internal static bool IsChangedOrGone(AmazonS3Exception error) =>
        error.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound
        || error.ErrorCode is "PreconditionFailed" or "NoSuchKey" or "NoSuchVersion";

    internal static S3StoreException Failure(string operation, ObjectLocation location, AmazonS3Exception error) =>
        new(operation, location, error.ErrorCode, error.StatusCode, error.Message, error);
}
