using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// The split on <see cref="SplitOptions.Threads"/> threads, for an uncompressed input that can be read at any offset
/// (a local file, an S3 object by ranged GETs), in one pass that runs on every thread: the input is cut into pieces at
/// block edges of the content hashes moved forward to record boundaries (<see cref="PiecePlan"/>,
/// <see cref="RangeBoundaries"/>), and each piece is framed, validated and hashed as it is read
/// (<see cref="PiecePass"/>). <see cref="ParallelMerge"/> cuts the chunks from the pieces' record counts and puts the
/// pieces together, reading again, whole and checked against the pieces' hashes, only the blocks where chunks start
/// (<see cref="VerifiedBlocks"/>). The
/// plan, the rejects file and the report are the one-thread <see cref="Splitter"/>'s, byte for byte
/// (ParallelSplitPropertyTests).
/// </summary>
/// <remarks>
/// A CSV header row is read first, on the calling thread; an input whose header cannot be used (unreadable, too long,
/// not matching the schema) goes to the one-thread split, which reports it and only counts what follows, and so does
/// an input found unreadable part way (a structural error) and one too small for more than one range. JSON Lines input
/// is read once, but for the line feed after each cut, the end of the record before each piece, and about a block per
/// chunk start; CSV input twice: by the quote pass that finds the pieces' boundaries and by the pieces.
/// </remarks>
internal sealed class ParallelSplit
{
    private readonly RecordSchema _schema;
    private readonly InputFormat _format;
    private readonly SplitOptions _options;

    public ParallelSplit(RecordSchema schema, InputFormat format, SplitOptions options)
    {
        options.Validate();
        if (format.Compressed)
        {
            throw new ArgumentException("the parallel split reads uncompressed input at any offset; compressed input is one stream", nameof(format));
        }

        _schema = schema;
        _format = format;
        _options = options;
    }

    /// <remarks>
    /// <paramref name="changed"/> makes the error for an input whose bytes changed while it was split (a block read again
    /// to find or cut a chunk in it hashes otherwise than when it was validated, a range is shorter than when its
    /// boundaries were found): "object changed", as a worker that finds other bytes than the plan's fails.
    /// </remarks>
    public async Task<SplitOutcome> SplitAsync(RangeReader read, long length, Stream rejects, Func<string, Exception> changed, CancellationToken cancellationToken)
    {
        long dataStart = 0;
        long dataLine = 1;
        IReadOnlyList<string>? header = null;
        Func<RecordValidator> validator = () => RecordValidator.ForJsonLines(_schema, _options.Scanner.MaxRecordBytes, keyField: null, _options.MaxDepth);
        if (_format.Format == RecordFormat.Csv)
        {
            CsvStart? start = await ReadHeaderAsync(read, length, cancellationToken).ConfigureAwait(false);
            if (start is null)
            {
                return await OneThreadAsync(read, length, rejects, cancellationToken).ConfigureAwait(false);
            }

            (header, dataStart, dataLine) = (start.Names, start.DataStart, start.DataLine);
            validator = () => RecordValidator.ForCsv(_schema, _options.Scanner.MaxRecordBytes, _format.Delimiter, _format.Quotes, start.Names, keyField: null);
        }

        int threads = RangeCount(length - dataStart);
        if (threads == 1)
        {
            return await OneThreadAsync(read, length, rejects, cancellationToken).ConfigureAwait(false);
        }

        long hashStart = await FirstHashedByteAsync(read, dataStart, length, cancellationToken).ConfigureAwait(false);
        long[] cuts = PiecePlan.Cuts(dataStart, hashStart, length, threads, _options.HashBlockBytes);
        SplitRange[] ranges = await RangeBoundaries.FindAsync(read, _format, cuts, dataLine, cancellationToken).ConfigureAwait(false);
        PieceOutcome[] outcomes = PiecePlan.Pieces(ranges, cuts, hashStart).Select(piece => new PieceOutcome(piece)).ToArray();
        try
        {
            await ValidateAsync(read, outcomes, threads, validator, changed, cancellationToken).ConfigureAwait(false);
            if (outcomes.Any(o => o.Framed.StructuralError is not null))
            {
                // Where framing stops in an unreadable input (a quoted field past the record limit) depends on how the
                // bytes were read; the one-thread split's answer is the reference. Such an input fails the gate, so the
                // second pass is paid only by a run that publishes nothing.
                return await OneThreadAsync(read, length, rejects, cancellationToken).ConfigureAwait(false);
            }

            var blocks = new VerifiedBlocks(read, new HashBlocks(outcomes[0].Piece.HashStart, outcomes[^1].Piece.HashEnd, 0, _options.HashBlockBytes),
                [.. outcomes.SelectMany(o => o.Hashes)], changed);
            var input = new FramedInput(blocks.Reader, _format, _options, [.. outcomes.Select(o => o.Framed)]);
            var writer = new RejectWriter(rejects, _options.MaxRejectRawBytes, _options.FirstErrorsInReport);
            return await new ParallelMerge(_options, input, blocks, outcomes, writer).MergeAsync(header, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (PieceOutcome outcome in outcomes)
            {
                outcome.Dispose();
            }
        }
    }

    // Each thread takes the largest piece left (pieces are joined in input order later, so any order of work will do):
    // the last pieces are the small ones, which even out the threads' finishing times.
    private async Task ValidateAsync(RangeReader read, PieceOutcome[] outcomes, int threads, Func<RecordValidator> validator,
        Func<string, Exception> changed, CancellationToken cancellationToken)
    {
        PieceOutcome[] order = outcomes.OrderByDescending(o => o.Piece.Bytes).ThenBy(o => o.Piece.Range.Start).ToArray();
        int next = -1;
        await ParallelWork.ForEachAsync(Math.Min(threads, order.Length), async (_, token) =>
        {
            RecordValidator own = validator();
            int at;
            while ((at = Interlocked.Increment(ref next)) < order.Length)
            {
                await PiecePass.RunAsync(read, order[at], _format, _options, own, changed, token).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    // The scanner skips a UTF-8 byte-order mark at the input's start and hands none of it to a chunk: hashing starts after it.
    private static async Task<long> FirstHashedByteAsync(RangeReader read, long dataStart, long length, CancellationToken cancellationToken)
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        if (dataStart != 0 || length < bom.Length)
        {
            return dataStart;
        }

        byte[] first = new byte[bom.Length];
        await using Stream input = await read(0, bom.Length, cancellationToken).ConfigureAwait(false);
        int got = await input.ReadAtLeastAsync(first, first.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return got == bom.Length && first.AsSpan().SequenceEqual(bom) ? bom.Length : 0;
    }

    private async Task<SplitOutcome> OneThreadAsync(RangeReader read, long length, Stream rejects, CancellationToken cancellationToken)
    {
        await using Stream whole = await read(0, length, cancellationToken).ConfigureAwait(false);
        return await new Splitter(_schema, _format, _options).SplitAsync(whole, rejects, staging: null, cancellationToken).ConfigureAwait(false);
    }

    // One range per thread, but none smaller than MinRangeBytes: a small file is not worth the threads.
    private int RangeCount(long dataBytes) =>
        (int)Math.Clamp(dataBytes / Math.Max(1, _options.MinRangeBytes), 1, _options.Threads);

    private async Task<CsvStart?> ReadHeaderAsync(RangeReader read, long length, CancellationToken cancellationToken)
    {
        await using Stream input = await read(0, length, cancellationToken).ConfigureAwait(false);
        using var scanner = new RecordScanner(input, _format.Format, _format.Delimiter, _options.Scanner);
        try
        {
            while (await scanner.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (TakeHeader(scanner, out bool usable) is { } names)
                {
                    return Binds(names) ? new CsvStart(names, scanner.Position, scanner.Line) : null;
                }

                if (!usable)
                {
                    return null;
                }
            }
        }
        catch (InputFormatException)
        {
            // The one-thread split reports it, with what it read before.
        }

        return null;
    }

    private string[]? TakeHeader(RecordScanner scanner, out bool usable)
    {
        usable = true;
        if (!scanner.TryRead(out RawRecord record))
        {
            return null;
        }

        string[]? names = CsvHeader.TryRead(record, _format, out _);
        usable = names is not null;
        return names;
    }

    private bool Binds(string[] names)
    {
        try
        {
            _ = _schema.BindCsvHeader(names);
            return true;
        }
        catch (SchemaMismatchException)
        {
            return false;
        }
    }

    private sealed record CsvStart(string[] Names, long DataStart, long DataLine);
}
