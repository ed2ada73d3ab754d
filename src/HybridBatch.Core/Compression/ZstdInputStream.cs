using System.Globalization;
using HybridBatch.Core.Records;
using HybridBatch.Core.Storage;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace HybridBatch.Core.Compression;

/// <summary>
/// The decompressed bytes of a zstd file (RFC 8878), read only if the file is whole: frames may follow one another
/// and skippable frames are skipped (as <c>zstd -d</c> reads them); every frame's structure is checked by
/// <see cref="ZstdFrameSource"/>, its blocks decoded and its content checksum, when it has one, verified by
/// ZstdSharp; at the end the last frame must be complete and nothing else may follow. Every defect throws
/// <see cref="InputFormatException"/> naming the frame and the compressed byte offset, before the reader returns
/// end of stream, so a damaged file can never pass as a shorter good one.
/// </summary>
public sealed class ZstdInputStream : ReadOnlyStream
{
    private readonly ZstdFrameSource _frames;
    private readonly DecompressionStream _decoder;
    private readonly bool _leaveOpen;
    private bool _disposed;

    /// <param name="source">The compressed bytes, read from its current position to its end.</param>
    /// <param name="leaveOpen">Whether disposing this reader leaves <paramref name="source"/> open.</param>
    public ZstdInputStream(Stream source, bool leaveOpen = false)
    {
        _frames = new ZstdFrameSource(source);
        _leaveOpen = leaveOpen;

        // The frame source ends every read at a frame's end; the decoder checks what is inside the frames.
        _decoder = new DecompressionStream(_frames, bufferSize: ZstdFrameSource.MaxBlockSize, checkEndOfStream: true, leaveOpen: true);
    }

    public override bool CanRead => !_disposed;

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return Checked(_decoder.Read(buffer), buffer.Length);
        }
        catch (ZstdException error)
        {
            throw Corrupt(error);
        }
        catch (EndOfStreamException)
        {
            throw DecoderWantsMore();
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return Checked(await _decoder.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);
        }
        catch (ZstdException error)
        {
            throw Corrupt(error);
        }
        catch (EndOfStreamException)
        {
            throw DecoderWantsMore();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _decoder.Dispose();
            if (!_leaveOpen)
            {
                _frames.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await _decoder.DisposeAsync().ConfigureAwait(false);
            if (!_leaveOpen)
            {
                await _frames.DisposeAsync().ConfigureAwait(false);
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>End of stream only where the frame source saw the whole input, never earlier.</summary>
    private int Checked(int read, int asked)
    {
        if (read == 0 && asked > 0 && !_frames.Complete)
        {
            throw DecoderWantsMore();
        }

        return read;
    }

    private InputFormatException Corrupt(ZstdException error)
    {
        string frame = string.Create(CultureInfo.InvariantCulture, $"frame {_frames.Frame} (at byte {_frames.FrameStart})");
        string message = error.Code switch
        {
            ZSTD_ErrorCode.ZSTD_error_checksum_wrong => _frames.ChecksumAt >= 0
                ? string.Create(CultureInfo.InvariantCulture, $"zstd: content checksum mismatch in {frame}: the checksum at byte {_frames.ChecksumAt} does not match the decompressed data")
                : $"zstd: content checksum mismatch in {frame}",
            ZSTD_ErrorCode.ZSTD_error_frameParameter_windowTooLarge => string.Create(CultureInfo.InvariantCulture,
                $"zstd: {frame} needs a window larger than this reader allows (128 MiB, as zstd -d without --memory): {error.Message}"),
            _ => string.Create(CultureInfo.InvariantCulture,
                $"zstd: corrupt data in {frame}, detected in compressed bytes {_frames.ReadStart}-{_frames.ReadEnd}: {error.Message}"),
        };
        return new InputFormatException(message, error);
    }

    /// <summary>The decoder says a frame is unfinished where its structure says it ended: corrupt, not short.</summary>
    private InputFormatException DecoderWantsMore() => new(string.Create(CultureInfo.InvariantCulture,
        $"zstd: corrupt data in frame {_frames.Frame} (at byte {_frames.FrameStart}): its blocks end at byte {_frames.ReadEnd} but do not decode to a whole frame"));
}
