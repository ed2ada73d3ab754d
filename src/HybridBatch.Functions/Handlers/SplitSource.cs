using HybridBatch.Adapters.Aws;
using HybridBatch.Core.Storage;
using HybridBatch.Functions.Events;

namespace HybridBatch.Functions.Handlers;

/// <summary>What a <see cref="SplitEvent"/> asks for, whichever shape it came in.</summary>
internal sealed record SplitSource(ObjectLocation Object, string? ExpectedVersion, string? Schema, string? Format)
{
    public const string ObjectCreated = "Object Created";

    /// <summary>
    /// Reads either shape; anything else, or an event that names no object, is an <see cref="InvalidEventException"/>.
    /// An S3 event pins the split to the version it announces, so a later overwrite fails the run instead of
    /// being split under the older event's name. Its key is URL-encoded as S3 sends it and is resolved by
    /// <see cref="S3EventKey"/> (which may look the object up in <paramref name="store"/>); a console input's key
    /// is taken as it is.
    /// </summary>
    public static async Task<SplitSource> ReadAsync(SplitEvent input, IObjectStore store, CancellationToken cancellationToken)
    {
        if (input.Detail is { } detail)
        {
            if (input.DetailType is not null && input.DetailType != ObjectCreated)
            {
                throw new InvalidEventException($"the split takes S3 '{ObjectCreated}' events, not '{input.DetailType}'");
            }

            string bucket = NonEmpty(detail.Bucket?.Name, "detail.bucket.name");
            string key = await S3EventKey.ResolveAsync(store, bucket, NonEmpty(detail.Object?.Key, "detail.object.key"), cancellationToken).ConfigureAwait(false);
            string? versionId = detail.Object?.VersionId;
            string? etag = detail.Object?.Etag;
            string? expected = string.IsNullOrEmpty(versionId) && string.IsNullOrEmpty(etag) ? null : S3ObjectStore.VersionToken(versionId, etag);
            return new SplitSource(new ObjectLocation(bucket, key), expected, input.Schema, input.Format);
        }

        return new SplitSource(new ObjectLocation(NonEmpty(input.Bucket, "bucket"), NonEmpty(input.Key, "key")), null, input.Schema, input.Format);
    }

    private static string NonEmpty(string? value, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new InvalidEventException($"the event has no {field}: give an S3 EventBridge event or {{ \"bucket\", \"key\", \"schema\"?, \"format\"? }}")
            : value;
}
