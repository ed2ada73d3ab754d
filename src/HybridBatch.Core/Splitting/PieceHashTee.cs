using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// Where the scanner copies a validation piece's bytes (<see cref="Records.RecordScanner.Tee"/>): the first
/// <paramref name="hashed"/> of them go to the piece's <see cref="BlockHasher"/>; the rest start the next piece's first
/// block, which that piece hashes. Write-only.
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
