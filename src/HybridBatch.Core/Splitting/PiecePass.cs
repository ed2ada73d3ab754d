using System.Buffers;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// The validation pass of the parallel split on one <see cref="ValidationPiece"/>: frames its records from the
/// boundary the framing pass found, validates each as the one-thread split does, keeps the rejects with their global
/// index and line, and hashes the piece's blocks from the bytes it reads (<see cref="PieceHashTee"/>), so no byte is
/// read again for its hash.
/// </summary>
internal static class PiecePass
{
    /// <remarks><paramref name="changed"/> makes the error for an input whose bytes are not what the framing pass read.</remarks>
    public static async Task RunAsync(RangeReader read, PieceOutcome outcome, InputFormat format, SplitOptions options, RecordValidator validator,
        Func<string, Exception> changed, CancellationToken cancellationToken)
    {
        ValidationPiece piece = outcome.Piece;
        var hasher = new BlockHasher(options.HashBlockBytes);
        if (piece.HashFrom < piece.ByteStart)
        {
            // The piece's first block starts inside the record before it: those few bytes are hashed here.
            await using Stream before = await read(piece.HashFrom, piece.ByteStart, cancellationToken).ConfigureAwait(false);
            long got = await AppendAllAsync(before, hasher, cancellationToken).ConfigureAwait(false);
            if (got != piece.ByteStart - piece.HashFrom)
            {
                throw changed($"bytes [{piece.HashFrom}, {piece.ByteStart}) were framed before and now only {got} of them can be read");
            }
        }

        await using Stream input = await read(piece.ByteStart, piece.ByteEnd, cancellationToken).ConfigureAwait(false);
        using var scanner = new RecordScanner(input, format.Format, format.Delimiter, options.Scanner, piece.ByteStart, piece.FirstLine, piece.StartIndex);
        scanner.Tee = new PieceHashTee(hasher, piece.HashTo - piece.ByteStart);
        try
        {
            while (await scanner.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                Drain(scanner, validator, outcome.Rejects, options.MaxRejectRawBytes);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (InputFormatException unreadable)
        {
            throw changed($"bytes [{piece.ByteStart}, {piece.ByteEnd}) could be framed before and now cannot: {unreadable.Message}");
        }

        scanner.FlushTee();
        if (scanner.NextIndex != piece.EndIndex || scanner.Position != piece.ByteEnd)
        {
            throw changed($"bytes [{piece.ByteStart}, {piece.ByteEnd}) held records {piece.StartIndex} to {piece.EndIndex - 1} when framed, " +
                $"and now records {piece.StartIndex} to {scanner.NextIndex - 1} ending at byte {scanner.Position}");
        }

        outcome.Hashes = hasher.Finish();
    }

    private static void Drain(RecordScanner scanner, RecordValidator validator, RejectLog rejects, int maxRawBytes)
    {
        while (scanner.TryRead(out RawRecord record))
        {
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
