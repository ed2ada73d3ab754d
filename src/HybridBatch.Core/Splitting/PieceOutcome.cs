namespace HybridBatch.Core.Splitting;

/// <summary>
/// What the parallel split found in one <see cref="ValidationPiece"/>: its records counted with checkpoints
/// (<see cref="Framed"/>, indices and lines the piece's own, as <see cref="FramedInput"/> takes them), its rejects
/// (with the piece's own indices and lines, in input order, kept in their own <see cref="RejectLog"/> until the merge
/// makes them global and writes them) and the hashes of its blocks.
/// </summary>
internal sealed class PieceOutcome(ValidationPiece piece) : IDisposable
{
    public ValidationPiece Piece { get; } = piece;

    public RangeOutcome Framed { get; } = new(piece.Range);

    public RejectLog Rejects { get; } = new();

    public IReadOnlyList<string> Hashes { get; set; } = [];

    public void Dispose() => Rejects.Dispose();
}
