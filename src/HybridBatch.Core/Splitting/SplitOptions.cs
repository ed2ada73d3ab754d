using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Splitting;

/// <summary>Settings of the split, with their defaults; <see cref="Validate"/> names a bad one.</summary>
public sealed record SplitOptions
{
    /// <summary>
    /// Default of <see cref="ChunkRecords"/>: the routing threshold, 290,000. Every full chunk then runs on Lambda
    /// (about 12 s by the cost model, and cheaper there than a Batch job, whose start-up alone is minutes), so a large
    /// file fans out over many invocations at once; Batch takes chunks when a user asks for larger ones or the cost
    /// policy prefers it (chunks of several million records). With larger default chunks every full chunk went to
    /// Batch and only a file's tail ran on Lambda.
    /// </summary>
    public const int DefaultChunkRecords = (int)RoutingOptions.DefaultBatchProcessingThreshold;

    /// <summary>A chunk is cut every this many records. Default <see cref="DefaultChunkRecords"/> (290,000).</summary>
    public int ChunkRecords { get; init; } = DefaultChunkRecords;

    /// <summary>How records are framed (maximum record size).</summary>
    public RecordScannerOptions Scanner { get; init; } = new();

    /// <summary>How deep a JSON record's objects and arrays may nest (<c>--max-depth</c>). Default 64.</summary>
    public int MaxDepth { get; init; } = JsonDepthLimit.Default;

    /// <summary>How much of a rejected record's text goes into the rejects file. Default 512 bytes.</summary>
    public int MaxRejectRawBytes { get; init; } = 512;

    /// <summary>How many first errors the validation report lists. Default 20.</summary>
    public int FirstErrorsInReport { get; init; } = 20;

    /// <summary>The most <see cref="Threads"/> allows.</summary>
    public const int MaxThreads = 256;

    /// <summary>
    /// How many threads the split validates an uncompressed input on (<c>--threads</c>, <c>SPLIT_THREADS</c>), 1 to
    /// <see cref="MaxThreads"/>. Default: this machine's core count. 1 is the one-thread split; gzip input is one
    /// stream whatever this says (with 2 or more, decompression runs on a thread of its own).
    /// </summary>
    public int Threads { get; init; } = Math.Min(Environment.ProcessorCount, MaxThreads);

    /// <summary>
    /// The parallel split gives each thread at least this many bytes (fewer threads for a small input), so a small
    /// file does not pay for threads it cannot use. Tests lower it to cut tiny files into many ranges.
    /// </summary>
    internal long MinRangeBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Bytes per hashed block of a chunk (<see cref="ChunkContentHash.BlockBytes"/>, which every plan this build writes
    /// uses). Tests lower it so that tiny inputs have many blocks, and the parallel split's pieces many block edges.
    /// </summary>
    internal int HashBlockBytes { get; init; } = ChunkContentHash.BlockBytes;

    public void Validate()
    {
        if (Threads is < 1 or > MaxThreads)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, $"Threads (--threads) must be between 1 and {MaxThreads}, got {Threads}");
        }

        if (ChunkRecords < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkRecords), ChunkRecords, "ChunkRecords (--chunk-records) must be at least 1");
        }

        if (MaxRejectRawBytes < 0 || FirstErrorsInReport < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRejectRawBytes), "MaxRejectRawBytes and FirstErrorsInReport must not be negative");
        }

        if (HashBlockBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HashBlockBytes), HashBlockBytes, "HashBlockBytes must be at least 1");
        }

        JsonDepthLimit.Validate(MaxDepth);
        Scanner.Validate();
    }
}
