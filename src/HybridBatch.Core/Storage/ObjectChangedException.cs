namespace HybridBatch.Core.Storage;

/// <summary>
/// The object was overwritten or deleted after the split captured its version: reading on would mix versions.
/// </summary>
public sealed class ObjectChangedException : Exception
{
    public ObjectChangedException(ObjectLocation location, string expectedVersion, string? actualVersion)
        : base($"object changed: {location} was version {expectedVersion} at split time, now {actualVersion ?? "missing"}")
    {
        Location = location;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    private ObjectChangedException(string message, ObjectLocation location, string version)
        : base(message)
    {
        Location = location;
        ExpectedVersion = version;
        ActualVersion = version;
    }

    /// <summary>
    /// The object still has the version the split saw, but not its bytes: a local file edited in place with its size
    /// and modification time kept, or a staged copy that was replaced. <paramref name="where"/> names the bytes.
    /// </summary>
    public static ObjectChangedException ContentDiffers(ObjectLocation location, string version, string where) =>
        new($"object changed: {location} (version {version}) no longer holds the bytes the split read: {where}", location, version);

    public ObjectLocation Location { get; }

    public string ExpectedVersion { get; }

    public string? ActualVersion { get; }
}
