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

    public ObjectLocation Location { get; }

    public string ExpectedVersion { get; }

    public string? ActualVersion { get; }
}
