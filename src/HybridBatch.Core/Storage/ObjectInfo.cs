namespace HybridBatch.Core.Storage;

/// <summary>
/// What a store says about one object. <see cref="Version"/> pins the exact content: the S3 version id or
/// ETag, or for a local file its size and modification time. Reads pinned to it fail if the object changed.
/// </summary>
public sealed record ObjectInfo(ObjectLocation Location, long Size, string Version, DateTimeOffset LastModified);
