using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// Where the scanner copies a chunk's bytes during the split (<see cref="Records.RecordScanner.Tee"/>): into the
/// chunk's <see cref="ChunkFacts"/> and, for compressed input, into its staged copy. Write-only.
/// </summary>
internal sealed class ChunkTee(ChunkFacts facts, Stream? stage) : WriteOnlyStream
{
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        facts.Append(buffer);
        stage?.Write(buffer);
    }

    public override void Flush() => stage?.Flush();
}
