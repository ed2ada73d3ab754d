using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Splitting;

/// <summary>
/// The framing pass of one JSON Lines range without the scanner: counts line feeds 64 bytes at a time and looks at a
/// line only where the byte after a line feed could start a blank line (a line feed, CR, space or tab). Gives the
/// outcome <see cref="RangePass"/>'s scanner gives (records, checkpoints, end, end line) at a fraction of its cost,
/// by the scanner's rules: a line is blank when empty or when it starts with a space or tab and holds only spaces, tabs
/// and CRs; every other line is one record, too long or not UTF-8 as it may be; a UTF-8 byte-order mark at offset 0
/// is skipped.
/// </summary>
/// <remarks>
/// Where the scanner's answer would depend on how the range was read, or it would look closer, this pass gives up and
/// returns null, and the scanner frames the range (<see cref="RangePass"/>): a blank-looking line longer than
/// <see cref="RecordScannerOptions.MaxRecordBytes"/> (the scanner takes it for a too-long record when its end is not
/// yet read, for a blank line when it is), and at offset 0 a UTF-16 or UTF-32 byte-order mark or a first record that
/// is unterminated or longer than the limit (the scanner looks at that one for CR-only line ends and may fail the
/// input). JsonLinesFramingDifferentialTests holds it to the scanner.
/// </remarks>
internal sealed class JsonLinesFraming
{
    // Bytes that may start a blank line, as bits: '\t' 9, '\n' 10, '\r' 13, ' ' 32.
    private const ulong MayStartBlank = (1UL << '\t') | (1UL << '\n') | (1UL << '\r') | (1UL << ' ');

    private readonly RangeOutcome _outcome;
    private readonly int _maxRecordBytes;
    private readonly bool _vectors;
    private long _base;
    private long _line;
    private bool _inRecordLine;
    private bool _checkFirstRecord;

    private JsonLinesFraming(SplitRange range, int maxRecordBytes, bool vectors)
    {
        _outcome = new RangeOutcome(range);
        _maxRecordBytes = maxRecordBytes;
        _vectors = vectors && Vector256.IsHardwareAccelerated;
        _base = range.Start;
        _line = range.FirstLine;
        _checkFirstRecord = range.Start == 0;
    }

    /// <summary>
    /// Frames <paramref name="input"/>, the bytes of <paramref name="range"/>; null where the scanner must frame it.
    /// <paramref name="vectors"/> false counts line by line (the tests hold both ways to the scanner).
    /// </summary>
    public static async Task<RangeOutcome?> FrameAsync(Stream input, SplitRange range, RecordScannerOptions options, CancellationToken cancellationToken, bool vectors = true)
    {
        var framing = new JsonLinesFraming(range, options.MaxRecordBytes, vectors);
        // A line held over a read is never longer than the record limit (a longer one is a record already or a give-up).
        byte[] buffer = ArrayPool<byte>.Shared.Rent(options.ReadSize + options.MaxRecordBytes + 2);
        try
        {
            int end = 0;
            bool eof = false;
            bool first = true;
            while (!eof)
            {
                int room = Math.Min(buffer.Length - end, options.ReadSize);
                // The byte-order marks at offset 0 are told apart by their first 4 bytes, as the scanner reads them.
                int wanted = first && range.Start == 0 ? Math.Min(room, 4) : 1;
                int read = await input.ReadAtLeastAsync(buffer.AsMemory(end, room), wanted, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                eof = read < wanted || read == 0;
                end += read;
                int start = 0;
                if (first)
                {
                    first = false;
                    if (range.Start == 0 && !SkipUtf8Bom(buffer.AsSpan(0, end), out start))
                    {
                        return null;
                    }
                }

                int resume = framing.Frame(buffer.AsSpan(0, end), start, eof);
                if (resume < 0)
                {
                    return null;
                }

                buffer.AsSpan(resume, end - resume).CopyTo(buffer);
                framing._base += resume;
                end -= resume;
                cancellationToken.ThrowIfCancellationRequested();
            }

            framing._outcome.End = framing._base + end;
            framing._outcome.EndLine = framing._line;
            return framing._outcome;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // False for a UTF-16 or UTF-32 mark (the scanner reports it); a UTF-8 mark is stepped over, as the scanner does.
    private static bool SkipUtf8Bom(ReadOnlySpan<byte> start, out int skip)
    {
        skip = 0;
        if (start is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] or [0x00, 0x00, 0xFE, 0xFF, ..])
        {
            return false;
        }

        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            skip = 3;
        }

        return true;
    }

    /// <summary>
    /// Frames <paramref name="buffer"/> from <paramref name="pos"/>; returns where the next read's bytes must follow
    /// (a line start that needs more bytes to be told blank or not, or the end), or -1 to give up.
    /// </summary>
    private int Frame(ReadOnlySpan<byte> buffer, int pos, bool eof)
    {
        while (pos < buffer.Length)
        {
            if (_inRecordLine)
            {
                pos = _vectors ? ToLineStartByVectors(buffer, pos) : ToLineStart(buffer, pos);
                continue;
            }

            byte first = buffer[pos];
            if (!MayBeBlank(first))
            {
                if (!TryCountRecord(buffer, pos, eof, out bool needMore))
                {
                    return needMore ? pos : -1;
                }

                continue;
            }

            ReadOnlySpan<byte> rest = buffer[pos..];
            if (first == (byte)'\n')
            {
                _line++;
                pos++;
                continue;
            }

            if (first == (byte)'\r')
            {
                if (rest.Length == 1)
                {
                    // A lone CR at the end is an empty line; before more input, it is not known yet.
                    if (!eof)
                    {
                        return pos;
                    }

                    pos++;
                    continue;
                }

                if (rest[1] == (byte)'\n')
                {
                    _line++;
                    pos += 2;
                    continue;
                }

                // A line whose content starts with a CR (the scanner strips only the last one) is a record.
                if (!TryCountRecord(buffer, pos, eof, out bool needMore))
                {
                    return needMore ? pos : -1;
                }

                continue;
            }

            int other = rest.IndexOfAnyExcept(" \t\r"u8);
            if (other >= 0 && rest[other] != (byte)'\n')
            {
                // Not blank: a record, whatever its length (too long either way the scanner reads it).
                if (!TryCountRecord(buffer, pos, eof, out bool needMore))
                {
                    return needMore ? pos : -1;
                }

                continue;
            }

            int lineBytes = other >= 0 ? other : rest.Length;
            if (lineBytes > _maxRecordBytes)
            {
                // Blank to the scanner if it has read its end, a too-long record if not: its reads decide.
                return -1;
            }

            if (other < 0)
            {
                if (!eof)
                {
                    return pos;
                }

                pos = buffer.Length;
                continue;
            }

            _line++;
            pos += other + 1;
        }

        return pos;
    }

    // Counts the record at line start `pos` and moves into its line; false to wait for more bytes or give up.
    private bool TryCountRecord(ReadOnlySpan<byte> buffer, int pos, bool eof, out bool needMore)
    {
        needMore = false;
        if (_checkFirstRecord)
        {
            // The scanner checks the first record for CR-only line ends when it is unterminated or too long; a line
            // feed within the limit settles it before any check.
            int lineFeed = buffer[pos..].IndexOf((byte)'\n');
            if (lineFeed < 0 || lineFeed > _maxRecordBytes)
            {
                needMore = lineFeed < 0 && !eof && buffer.Length - pos <= _maxRecordBytes;
                return false;
            }

            _checkFirstRecord = false;
        }

        CountRecord(pos);
        _inRecordLine = true;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountRecord(int pos)
    {
        if (_outcome.Records % RangeOutcome.CheckpointEvery == 0)
        {
            _outcome.Checkpoints.Add((_base + pos, _line));
        }

        _outcome.Records++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool MayBeBlank(byte first) => first <= (byte)' ' && ((MayStartBlank >> first) & 1) != 0;

    // Inside a record's line: past its line feed, counting every record line after it that cannot be blank; stops at
    // the first line start that may be blank or at the end of the buffer. Compiled optimized from the first call: the
    // pass runs once per range, and at tier 0 its vectors are calls.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ToLineStartByVectors(ReadOnlySpan<byte> buffer, int pos)
    {
        ref byte start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(buffer);
        Vector256<byte> lineFeed = Vector256.Create((byte)'\n');
        while (pos + 64 <= buffer.Length)
        {
            ulong low = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)pos), lineFeed).ExtractMostSignificantBits();
            ulong high = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)pos + 32), lineFeed).ExtractMostSignificantBits();
            ulong lineFeeds = low | (high << 32);
            while (lineFeeds != 0)
            {
                int next = pos + BitOperations.TrailingZeroCount(lineFeeds) + 1;
                lineFeeds &= lineFeeds - 1;
                _line++;
                if (next == buffer.Length || MayBeBlank(buffer[next]))
                {
                    _inRecordLine = false;
                    return next;
                }

                CountRecord(next);
            }

            pos += 64;
        }

        return ToLineStart(buffer, pos);
    }

    // The same a line at a time.
    private int ToLineStart(ReadOnlySpan<byte> buffer, int pos)
    {
        while (true)
        {
            int found = buffer[pos..].IndexOf((byte)'\n');
            if (found < 0)
            {
                return buffer.Length;
            }

            int next = pos + found + 1;
            _line++;
            if (next == buffer.Length || MayBeBlank(buffer[next]))
            {
                _inRecordLine = false;
                return next;
            }

            CountRecord(next);
            pos = next;
        }
    }
}
