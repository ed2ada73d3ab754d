namespace HybridBatch.Core.Splitting;

/// <summary>
/// What the validation pass found in one <see cref="ValidationPiece"/>: its rejects (global indices and lines, in input
/// order, kept in their own <see cref="RejectLog"/> until the merge writes them) and the hashes of its blocks.
/// </summary>
internal sealed class PieceOutcome(ValidationPiece piece) : IDisposable
{
    public ValidationPiece Piece { get; } = piece;

    public RejectLog Rejects { get; } = new();

    public IReadOnlyList<string> Hashes { get; set; } = [];

    public void Dispose() => Rejects.Dispose();
}
