namespace HybridBatch.Core.Storage;

/// <summary>
/// Where input files, plans, chunk results and reports live: S3 in production, a folder on this machine.
/// </summary>
public interface IObjectStore
{
    /// <summary>Size and version of an object, or null when it does not exist.</summary>
    Task<ObjectInfo?> StatAsync(ObjectLocation location, CancellationToken cancellationToken);

    /// <summary>
    /// Streams bytes [<paramref name="start"/>, <paramref name="end"/>) of the object. When
    /// <paramref name="expectedVersion"/> is given and the object is no longer that version, the read fails
    /// with <see cref="ObjectChangedException"/>.
    /// </summary>
    Task<Stream> OpenReadAsync(ObjectLocation location, long start, long end, string? expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a stream whose content replaces the object in one step when the stream is disposed, so readers
    /// never see a partly written object.
    /// </summary>
    Task<Stream> OpenWriteAsync(ObjectLocation location, CancellationToken cancellationToken);

    /// <summary>Writes a small object in one call.</summary>
    Task WriteAsync(ObjectLocation location, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Keys under <paramref name="prefix"/> in the bucket, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken);
}
