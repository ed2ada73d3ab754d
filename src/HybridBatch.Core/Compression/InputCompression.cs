namespace HybridBatch.Core.Compression;

/// <summary>
/// How an input object is compressed. Compressed input is decompressed once by the split, which checks it is whole
/// and stages each chunk's decompressed bytes, since a compressed stream cannot be read from a chunk's byte offset.
/// Spelled by <see cref="InputCompressionText"/>.
/// </summary>
public enum InputCompression
{
    /// <summary>Plain text; workers read their chunk's byte range of the object itself.</summary>
    None,

    /// <summary>gzip (RFC 1952), one or more members; see <see cref="GzipInputStream"/>.</summary>
    Gzip,

    /// <summary>Zstandard (RFC 8878), one or more frames; see <see cref="ZstdInputStream"/>.</summary>
    Zstd,
}
