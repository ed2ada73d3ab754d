using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// Where the scanner copies a piece's bytes (<see cref="Records.RecordScanner.Tee"/>): the first
/// <paramref name="hashed"/> of them go to the piece's <see cref="BlockHasher"/>; the rest (the end of its last record,
/// past the next piece's block edge) are the next piece's to hash. Write-only.
/// </summary>
internal sealed class PieceHashTee(BlockHasher hasher, long hashed) : WriteOnlyStream
{
    private long _left = hashed;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        int take = (int)Math.Min(buffer.Length, _left);
        if (take > 0)
        {
            hasher.Append(buffer[..take]);
            _left -= take;
        }
    }
}
