using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// Puts the parallel split's pieces back together as one pass over the whole input would have seen them: cuts a chunk
/// every <see cref="SplitOptions.ChunkRecords"/> records from the pieces' counts (<see cref="FramedInput"/>), feeds each
/// chunk's <see cref="ChunkFacts"/> its records and rejects in input order and its block hashes (so the plan entries
/// are the one-thread split's), and writes the rejects, made global, in input order through one
/// <see cref="RejectWriter"/> (so its first errors and reason counts are the one-thread split's).
/// </summary>
/// <remarks>
/// The pieces hashed the input's blocks (<see cref="ChunkContentHash"/>) as they validated it. A chunk's blocks are
/// those blocks but where a chunk starts inside one: that block is hashed in parts. Where a chunk starts is framed
/// again from the nearest checkpoint. Both read the input again through <see cref="VerifiedBlocks"/>, whole blocks
/// checked against the pieces' hashes, so a changed input fails the split instead of moving a chunk's start or hash:
/// about a block per chunk start (two when the lookup starts in the block before), the only input read twice but the
/// end of the record before each piece.
/// </remarks>
internal sealed class ParallelMerge
{
    private readonly SplitOptions _options;
    private readonly FramedInput _input;
    private readonly VerifiedBlocks _blocks;
    private readonly IReadOnlyList<PieceOutcome> _pieces;
    private readonly RejectWriter _rejects;

    /// <remarks>
    /// <paramref name="pieces"/>: every piece, in input order, the ranges of <paramref name="input"/>, which reads
    /// through <paramref name="blocks"/>.
    /// </remarks>
    public ParallelMerge(SplitOptions options, FramedInput input, VerifiedBlocks blocks, IReadOnlyList<PieceOutcome> pieces, RejectWriter rejects)
    {
        _options = options;
        _input = input;
        _blocks = blocks;
        _pieces = pieces;
        _rejects = rejects;
    }

    public async Task<SplitOutcome> MergeAsync(IReadOnlyList<string>? header, CancellationToken cancellationToken)
    {
        var chunks = new List<ChunkBounds>();
        var facts = new List<ChunkFacts>();
        RecordStart? next = _input.Records > 0 ? await _input.RecordAsync(0, cancellationToken).ConfigureAwait(false) : null;
        while (next is { } start)
        {
            // Each chunk's end is found before its hashes, so both its edge blocks are among the few VerifiedBlocks keeps.
            long endIndex = Math.Min(start.Index + _options.ChunkRecords, _input.Records);
            next = endIndex < _input.Records ? await _input.RecordAsync(endIndex, cancellationToken).ConfigureAwait(false) : null;
            var chunk = new ChunkBounds(chunks.Count, start.Index, endIndex, start.Offset, next?.Offset ?? _input.End, start.Line);
            var chunkFacts = new ChunkFacts(chunk.ChunkId, chunk.StartIndex, chunk.ByteStart, chunk.FirstLine, _options.HashBlockBytes);
            chunkFacts.AppendHashedBlocks(await ChunkHashesAsync(chunk, cancellationToken).ConfigureAwait(false));
            chunks.Add(chunk);
            facts.Add(chunkFacts);
        }

        AddRecords(chunks, facts);
        var entries = new List<ChunkPlanEntry>(chunks.Count);
        for (int i = 0; i < chunks.Count; i++)
        {
            entries.Add(facts[i].Close(chunks[i].ByteEnd));
        }

        return SplitOutcome.Of(entries, header, _input.Records, _input.Records - _rejects.Count, _input.End, [], _rejects);
    }

    // The chunk's blocks: the input's, but for those a chunk start (this one's or the next's) cuts, hashed in parts.
    private async Task<List<string>> ChunkHashesAsync(ChunkBounds chunk, CancellationToken cancellationToken)
    {
        HashBlocks input = _blocks.Blocks;
        var own = new HashBlocks(chunk.ByteStart, chunk.ByteEnd, 0, _options.HashBlockBytes);
        var result = new List<string>((int)own.Count);
        for (long i = 0; i < own.Count; i++)
        {
            (long start, long end) = (own.BlockStart(i), own.BlockEnd(i));
            long j = input.IndexOf(start);
            if (input.BlockStart(j) == start && input.BlockEnd(j) == end)
            {
                result.Add(_blocks.Hash(j));
                continue;
            }

            byte[] whole = await _blocks.BlockAsync(j, cancellationToken).ConfigureAwait(false);
            long from = input.BlockStart(j);
            result.Add(ChunkContentHash.Of(whole.AsSpan((int)(start - from), (int)(end - start))));
        }

        return result;
    }

    // Every piece's records, in input order, to the chunks that hold them; every reject, made global, to the writer.
    private void AddRecords(List<ChunkBounds> chunks, List<ChunkFacts> facts)
    {
        int chunk = 0;
        for (int p = 0; p < _pieces.Count; p++)
        {
            foreach ((RejectedRecord own, bool timedOut) in _pieces[p].Rejects.ReadAll())
            {
                (long index, long line) = _input.Global(p, own.Index, own.Line);
                for (; index >= chunks[chunk].EndIndex; chunk++)
                {
                    facts[chunk].AddValid(chunks[chunk].EndIndex - facts[chunk].NextIndex);
                }

                facts[chunk].AddValid(index - facts[chunk].NextIndex);
                facts[chunk].AddRejected(timedOut);
                RejectedRecord rejected = own with { Index = index, Line = line };
                _rejects.Write(rejected, new ValidationError(rejected.Field, rejected.Reason).ToString());
            }
        }

        for (; chunk < chunks.Count; chunk++)
        {
            facts[chunk].AddValid(chunks[chunk].EndIndex - facts[chunk].NextIndex);
        }

        for (int i = 0; i < chunks.Count; i++)
        {
            if (facts[i].NextIndex != chunks[i].EndIndex)
            {
                throw new InvalidOperationException($"the parallel split's pieces gave chunk {i} records {chunks[i].StartIndex} to {facts[i].NextIndex - 1}, not to {chunks[i].EndIndex - 1}");
            }
        }
    }
}
