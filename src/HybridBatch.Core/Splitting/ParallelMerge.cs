using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// Puts the validation pass's pieces back together as one pass over the whole input would have seen them: each chunk's
/// <see cref="ChunkFacts"/> fed its pieces' records, rejects and block hashes in input order (so the plan entries are
/// made where the one-thread split makes them), and the rejects written in input order through one
/// <see cref="RejectWriter"/> (so its first errors and reason counts are the one-thread split's). Reads no input.
/// </summary>
internal sealed class ParallelMerge
{
    private readonly SplitOptions _options;
    private readonly IReadOnlyList<ChunkBounds> _chunks;
    private readonly IReadOnlyList<PieceOutcome> _pieces;
    private readonly RejectWriter _rejects;

    /// <remarks><paramref name="pieces"/>: every piece of every chunk, in input order.</remarks>
    public ParallelMerge(SplitOptions options, IReadOnlyList<ChunkBounds> chunks, IReadOnlyList<PieceOutcome> pieces, RejectWriter rejects)
    {
        _options = options;
        _chunks = chunks;
        _pieces = pieces;
        _rejects = rejects;
    }

    public SplitOutcome Merge(IReadOnlyList<string>? header, long records, long bytes)
    {
        var entries = new List<ChunkPlanEntry>(_chunks.Count);
        int next = 0;
        foreach (ChunkBounds chunk in _chunks)
        {
            var facts = new ChunkFacts(chunk.ChunkId, chunk.StartIndex, chunk.ByteStart, chunk.FirstLine, _options.HashBlockBytes);
            for (; next < _pieces.Count && _pieces[next].Piece.ChunkId == chunk.ChunkId; next++)
            {
                Add(facts, _pieces[next]);
            }

            if (facts.NextIndex != chunk.EndIndex)
            {
                throw new InvalidOperationException($"the parallel split's pieces of chunk {chunk.ChunkId} hold records {chunk.StartIndex} to {facts.NextIndex - 1}, not to {chunk.EndIndex - 1}");
            }

            entries.Add(facts.Close(chunk.ByteEnd));
        }

        return SplitOutcome.Of(entries, header, records, records - _rejects.Count, bytes, [], _rejects);
    }

    private void Add(ChunkFacts facts, PieceOutcome piece)
    {
        foreach ((RejectedRecord rejected, bool timedOut) in piece.Rejects.ReadAll())
        {
            facts.AddValid(rejected.Index - facts.NextIndex);
            facts.AddRejected(timedOut);
            _rejects.Write(rejected, new ValidationError(rejected.Field, rejected.Reason).ToString());
        }

        facts.AddValid(piece.Piece.EndIndex - facts.NextIndex);
        facts.AppendHashedBlocks(piece.Hashes);
    }
}
