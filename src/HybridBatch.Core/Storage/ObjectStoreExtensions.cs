namespace HybridBatch.Core.Storage;

/// <summary>Conveniences over <see cref="IObjectStore"/> that every store gets for free.</summary>
public static class ObjectStoreExtensions
{
    /// <summary>Reads a whole (small) object into memory; fails when it does not exist.</summary>
    public static async Task<byte[]> ReadAllAsync(this IObjectStore store, ObjectLocation location, CancellationToken cancellationToken)
    {
        ObjectInfo info = await store.StatAsync(location, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"object not found: {location}");
        await using Stream stream = await store.OpenReadAsync(location, 0, info.Size, info.Version, cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream(checked((int)info.Size));
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
