using System.Buffers;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// The parallel split's one pass over a <see cref="ValidationPiece"/>: frames its records from the record boundary it
/// starts at (the scanner is deterministic from any boundary) with indices from 0 and lines as its range numbers them,
/// counts them with a checkpoint every <see cref="RangeOutcome.CheckpointEvery"/>, validates each as the one-thread
/// split does, keeps the rejects, and hashes the piece's blocks from the bytes it reads (<see cref="PieceHashTee"/>).
/// Only the bytes between the piece's first block edge and its first record (the end of the record before) are read
/// twice. A structural error is kept in <see cref="RangeOutcome.StructuralError"/>: the one-thread split then answers.
/// </summary>
internal static class PiecePass
{
    /// <remarks><paramref name="changed"/> makes the error for an input that is shorter now than the boundaries found.</remarks>
    public static async Task RunAsync(RangeReader read, PieceOutcome outcome, InputFormat format, SplitOptions options, RecordValidator validator,
        Func<string, Exception> changed, CancellationToken cancellationToken)
    {
        ValidationPiece piece = outcome.Piece;
        SplitRange range = piece.Range;
        var hasher = new BlockHasher(options.HashBlockBytes, piece.HashStart);
        if (piece.HashStart < range.Start)
        {
            // The piece's first block starts inside the record before it: those few bytes are hashed here.
            await using Stream before = await read(piece.HashStart, range.Start, cancellationToken).ConfigureAwait(false);
            long got = await AppendAllAsync(before, hasher, cancellationToken).ConfigureAwait(false);
            if (got != range.Start - piece.HashStart)
            {
                throw changed($"bytes [{piece.HashStart}, {range.Start}) were there when record boundaries were found and now only {got} of them can be read");
            }
        }

        RangeOutcome framed = outcome.Framed;
        await using Stream input = await read(range.Start, range.End, cancellationToken).ConfigureAwait(false);
        using var scanner = new RecordScanner(input, format.Format, format.Delimiter, options.Scanner, range.Start, range.FirstLine);

        // From the range's start (or, in a first piece, after a byte-order mark the scanner skips) to the piece's end.
        scanner.Tee = new PieceHashTee(hasher, piece.HashEnd - Math.Max(piece.HashStart, range.Start));
        try
        {
            while (await scanner.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                Drain(scanner, validator, framed, outcome.Rejects, options.MaxRejectRawBytes);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (InputFormatException unreadable)
        {
            framed.StructuralError = unreadable.Message;
        }

        scanner.FlushTee();
        framed.Records = scanner.NextIndex;
        framed.End = scanner.Position;
        framed.EndLine = scanner.Line;
        if (framed.StructuralError is null && framed.End != range.End)
        {
            throw changed($"bytes [{range.Start}, {range.End}) were there when record boundaries were found and now end at byte {framed.End}");
        }

        outcome.Hashes = hasher.Finish();
    }

    private static void Drain(RecordScanner scanner, RecordValidator validator, RangeOutcome framed, RejectLog rejects, int maxRawBytes)
    {
        while (scanner.TryRead(out RawRecord record))
        {
            if (record.Index % RangeOutcome.CheckpointEvery == 0)
            {
                framed.Checkpoints.Add((record.ByteOffset, record.Line));
            }

            ValidationError? error = validator.Validate(record);
            if (error is not null)
            {
                rejects.Add(RejectWriter.Describe(record, error, maxRawBytes), error.PatternTimedOut);
            }
        }
    }

    private static async Task<long> AppendAllAsync(Stream bytes, BlockHasher hasher, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long total = 0;
            int read;
            while ((read = await bytes.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
