using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Tests.Support;

/// <summary>An object store in memory that versions every write, like a versioned S3 bucket.</summary>
internal sealed class InMemoryObjectStore : IObjectStore
{
    private readonly Dictionary<ObjectLocation, (byte[] Data, string Version)> _objects = [];
    private int _versions;

    public void Put(ObjectLocation location, byte[] data)
    {
        lock (_objects)
        {
            _objects[location] = (data, $"v{++_versions}");
        }
    }

    /// <summary>
    /// Replaces the bytes but keeps the version, as an in-place edit of a local file that keeps its size and
    /// modification time looks to a store that versions by them.
    /// </summary>
    public void EditInPlace(ObjectLocation location, byte[] data)
    {
        lock (_objects)
        {
            _objects[location] = (data, _objects[location].Version);
        }
    }

    public byte[] Get(ObjectLocation location)
    {
        lock (_objects)
        {
            return _objects[location].Data;
        }
    }

    public Task<ObjectInfo?> StatAsync(ObjectLocation location, CancellationToken cancellationToken)
    {
        lock (_objects)
        {
            return Task.FromResult(_objects.TryGetValue(location, out var o)
                ? new ObjectInfo(location, o.Data.Length, o.Version, DateTimeOffset.UnixEpoch)
                : null);
        }
    }

    public Task<Stream> OpenReadAsync(ObjectLocation location, long start, long end, string? expectedVersion, CancellationToken cancellationToken)
    {
        lock (_objects)
        {
            if (!_objects.TryGetValue(location, out var o))
            {
                throw expectedVersion is null ? new FileNotFoundException(location.ToString()) : new ObjectChangedException(location, expectedVersion, null);
            }

            if (expectedVersion is not null && o.Version != expectedVersion)
            {
                throw new ObjectChangedException(location, expectedVersion, o.Version);
            }

            return Task.FromResult<Stream>(new MemoryStream(o.Data[(int)start..(int)end], writable: false));
        }
    }

    public Task<Stream> OpenWriteAsync(ObjectLocation location, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new CommitStream(this, location));

    public Task WriteAsync(ObjectLocation location, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        Put(location, content.ToArray());
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        lock (_objects)
        {
            IReadOnlyList<string> keys = _objects.Keys.Where(l => l.Bucket == bucket && l.Key.StartsWith(prefix, StringComparison.Ordinal))
                .Select(l => l.Key).Order(StringComparer.Ordinal).ToList();
            return Task.FromResult(keys);
        }
    }

    private sealed class CommitStream(InMemoryObjectStore store, ObjectLocation location) : MemoryStream
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                store.Put(location, ToArray());
            }

            base.Dispose(disposing);
        }
    }
}
