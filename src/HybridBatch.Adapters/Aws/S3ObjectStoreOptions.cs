namespace HybridBatch.Adapters.Aws;

/// <summary>How <see cref="S3ObjectStore"/> reads and writes. Validated once, by the store's constructor.</summary>
public sealed record S3ObjectStoreOptions
{
    public const int MiB = 1024 * 1024;

    /// <summary>Bytes per ranged GET when reading. Default 8 MiB.</summary>
    public int ReadPartBytes { get; init; } = 8 * MiB;

    /// <summary>
    /// Ranged GETs in flight per read stream; also the most parts held in memory (the one being read
    /// included). Default 4.
    /// </summary>
    public int ReadConcurrency { get; init; } = 4;

    /// <summary>
    /// Multipart upload part size, at least 5 MiB (S3's minimum). Objects up to this size are written with one
    /// PutObject from memory; larger ones are buffered in a temporary file and uploaded in parts. Default 8 MiB
    /// (kept under the 11 MiB request limit of the local emulator).
    /// </summary>
    public int UploadPartBytes { get; init; } = 8 * MiB;

    /// <summary>Where write streams spill to once they outgrow <see cref="UploadPartBytes"/>. Default the temp folder.</summary>
    public string? TempFolder { get; init; }

    /// <summary>Keys per ListObjectsV2 page. Default 1,000 (S3's maximum).</summary>
    public int ListPageSize { get; init; } = 1_000;

    public void Validate()
    {
        if (ListPageSize is < 1 or > 1_000)
        {
            throw new ArgumentOutOfRangeException(nameof(ListPageSize), ListPageSize, "ListPageSize must be between 1 and 1000");
        }

        if (ReadPartBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadPartBytes), ReadPartBytes, "ReadPartBytes must be at least 1");
        }

        if (ReadConcurrency is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadConcurrency), ReadConcurrency, "ReadConcurrency must be between 1 and 64");
        }

        if (UploadPartBytes < 5 * MiB)
        {
            throw new ArgumentOutOfRangeException(nameof(UploadPartBytes), UploadPartBytes, "UploadPartBytes must be at least 5 MiB (S3's minimum part size)");
        }
    }
}
