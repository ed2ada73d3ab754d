namespace HybridBatch.Core.Compression;

/// <summary>
/// The one spelling of <see cref="InputCompression"/>: the file-name suffix that selects it, its name in the chunk
/// plan and in a local run's settings, and the reader that decompresses it.
/// </summary>
public static class InputCompressionText
{
    public const string None = "none";

    public const string Gzip = "gzip";

    public const string Zstd = "zstd";

    /// <summary>The suffixes that name a compression, for help and error texts.</summary>
    public const string Suffixes = ".gz or .zst";

    public static string Name(InputCompression compression) => compression switch
    {
        InputCompression.None => None,
        InputCompression.Gzip => Gzip,
        InputCompression.Zstd => Zstd,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown input compression"),
    };

    /// <summary>Reads a name; null when it is not one (the caller says where it came from).</summary>
    public static InputCompression? TryParse(string? text) => text switch
    {
        None => InputCompression.None,
        Gzip => InputCompression.Gzip,
        Zstd => InputCompression.Zstd,
        _ => null,
    };

    /// <summary>
    /// The compression a lower-case object name's last suffix says (<c>.gz</c> gzip, <c>.zst</c> zstd), and the name
    /// without that suffix, from which the record format is then read.
    /// </summary>
    public static (InputCompression Compression, string Stem) FromName(string lowerName) => lowerName switch
    {
        _ when lowerName.EndsWith(".gz", StringComparison.Ordinal) => (InputCompression.Gzip, lowerName[..^3]),
        _ when lowerName.EndsWith(".zst", StringComparison.Ordinal) => (InputCompression.Zstd, lowerName[..^4]),
        _ => (InputCompression.None, lowerName),
    };

    /// <summary>
    /// The decompressed bytes of <paramref name="source"/>, read only if the stream is whole (every defect is an
    /// <see cref="Records.InputFormatException"/>); <paramref name="source"/> itself when it is not compressed.
    /// </summary>
    public static Stream OpenReader(Stream source, InputCompression compression) => compression switch
    {
        InputCompression.None => source,
        InputCompression.Gzip => new GzipInputStream(source),
        InputCompression.Zstd => new ZstdInputStream(source),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown input compression"),
    };
}
