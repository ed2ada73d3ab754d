using System.Buffers.Binary;
using System.Globalization;
using HybridBatch.Core.Records;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Compression;

/// <summary>
/// The compressed bytes of a zstd file (RFC 8878), handed to the decoder only after their frame structure is
/// checked: magic numbers, frame header descriptors, block headers and block lengths, content checksum fields,
/// skippable frames; and at the end, that the last frame is complete and nothing else follows. The decoder checks
/// what is inside the blocks and the checksum's value. One read never spans two frames, so when the decoder fails,
/// <see cref="Frame"/> and <see cref="ReadStart"/>..<see cref="ReadEnd"/> say exactly where it was.
/// </summary>
internal sealed class ZstdFrameSource : ReadOnlyStream
{
    /// <summary>A block never holds more (RFC 8878 section 3.1.1.2.4: Block_Maximum_Size is at most 128 KiB).</summary>
    public const int MaxBlockSize = 128 * 1024;

    private const uint FrameMagic = 0xFD2FB528;
    private const uint SkippableMagic = 0x184D2A50;
    private const uint SkippableMask = 0xFFFFFFF0;
    private const int BufferSize = 128 * 1024;
    private const int ShownBytes = 8;

    private readonly Stream _source;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize);
    private int _start;
    private int _end;
    private long _base;
    private bool _sourceEnded;

    // Bytes at _start already checked and not yet handed to the decoder.
    private int _pending;
    private bool _frameComplete;

    private Part _part = Part.FrameStart;
    private int _frames;
    private long _frameStart;
    private int _block;
    private bool _lastBlock;
    private bool _hasChecksum;
    private long _bodyLeft;

    public ZstdFrameSource(Stream source)
    {
        _source = source;
    }

    private enum Part
    {
        FrameStart,
        FrameHeader,
        SkippableHeader,
        BlockHeader,
        BlockBody,
        Checksum,
        SkippableBody,
        Done,
    }

    /// <summary>The frame (1-based, skippable frames counted) whose bytes the last read handed out.</summary>
    public int Frame { get; private set; }

    /// <summary>The compressed offset where <see cref="Frame"/> starts.</summary>
    public long FrameStart { get; private set; }

    /// <summary>Where <see cref="Frame"/>'s 4-byte content checksum is, once read; -1 before or when it has none.</summary>
    public long ChecksumAt { get; private set; } = -1;

    /// <summary>The compressed offsets [start, end) of the last read: the decoder was working on these bytes.</summary>
    public long ReadStart { get; private set; }

    public long ReadEnd { get; private set; }

    /// <summary>Whether the end of the input was reached with every frame complete.</summary>
    public bool Complete => _part == Part.Done;

    public override int Read(Span<byte> buffer)
    {
        int written = 0;
        while (TryHandOut(buffer, ref written, out bool needInput))
        {
            if (needInput)
            {
                Fill(_source.Read(_buffer, _end, _buffer.Length - _end));
            }
        }

        return written;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int written = 0;
        while (TryHandOut(buffer.Span, ref written, out bool needInput))
        {
            if (needInput)
            {
                Fill(await _source.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end), cancellationToken).ConfigureAwait(false));
            }
        }

        return written;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Hands checked bytes to <paramref name="buffer"/>. False when the read is over (buffer full, a frame ended,
    /// or the verified end); true with <paramref name="needInput"/> when the source must be read first.
    /// </summary>
    private bool TryHandOut(Span<byte> buffer, ref int written, out bool needInput)
    {
        needInput = false;
        while (written < buffer.Length)
        {
            if (_pending > 0)
            {
                int n = Math.Min(_pending, buffer.Length - written);
                if (written == 0)
                {
                    Frame = _frames;
                    FrameStart = _frameStart;
                    ReadStart = _base + _start;
                }

                _buffer.AsSpan(_start, n).CopyTo(buffer[written..]);
                _start += n;
                _pending -= n;
                written += n;
                ReadEnd = _base + _start;
                continue;
            }

            if (_frameComplete)
            {
                // The next bytes belong to another frame: end this read so a decoder error stays in one frame.
                _frameComplete = false;
                if (written > 0)
                {
                    return false;
                }
            }

            if (_part == Part.Done)
            {
                return false;
            }

            if (!Step())
            {
                if (written > 0)
                {
                    return false;
                }

                needInput = true;
                return true;
            }
        }

        return false;
    }

    private void Fill(int read)
    {
        if (read == 0)
        {
            _sourceEnded = true;
            return;
        }

        _end += read;
    }

    private int Available => _end - _start;

    private long Offset(int at) => _base + at;

    /// <summary>Checks the next field and marks it pending. False when more input is needed first.</summary>
    private bool Step() => _part switch
    {
        Part.FrameStart => StartFrame(),
        Part.FrameHeader => ReadFrameHeader(),
        Part.SkippableHeader => ReadSkippableHeader(),
        Part.BlockHeader => ReadBlockHeader(),
        Part.BlockBody or Part.SkippableBody => PassBody(),
        Part.Checksum => ReadChecksum(),
        _ => true,
    };

    /// <summary>
    /// True when <paramref name="count"/> bytes are buffered. Otherwise compacts the buffer for a read and returns
    /// false, or throws when the input has ended.
    /// </summary>
    private bool Have(int count)
    {
        if (Available >= count)
        {
            return true;
        }

        if (_sourceEnded)
        {
            throw Truncated();
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, Available).CopyTo(_buffer);
            _base += _start;
            _end -= _start;
            _start = 0;
        }

        return false;
    }

    private bool StartFrame()
    {
        if (Available == 0 && _sourceEnded)
        {
            if (_frames == 0)
            {
                throw new InputFormatException("zstd: the input is named .zst but is empty (0 bytes); a zstd file holds at least one frame");
            }

            _part = Part.Done;
            return true;
        }

        if (Available < 4 && !_sourceEnded)
        {
            return Have(4);
        }

        uint magic = Available >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start)) : 0;
        if (Available < 4 && StartsAMagicNumber())
        {
            // The first bytes of a magic number at the very end: a frame cut right after it began.
            BeginFrame(Part.FrameStart);
            throw Truncated();
        }

        if (magic == FrameMagic)
        {
            BeginFrame(Part.FrameHeader);
            return ReadFrameHeader();
        }

        if ((magic & SkippableMask) == SkippableMagic)
        {
            BeginFrame(Part.SkippableHeader);
            return ReadSkippableHeader();
        }

        string shown = string.Join(' ', _buffer.AsSpan(_start, Math.Min(Available, ShownBytes)).ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
        if (_frames == 0)
        {
            throw new InputFormatException(string.Create(CultureInfo.InvariantCulture,
                $"zstd: the input is named .zst but starts with bytes {shown}, which are not zstd (28 b5 2f fd)"));
        }

        throw new InputFormatException(string.Create(CultureInfo.InvariantCulture,
            $"zstd: trailing bytes after the end of frame {_frames} at byte {Offset(_start)} are not another zstd frame (they start with {shown})"));
    }

    private bool StartsAMagicNumber()
    {
        Span<byte> frame = stackalloc byte[4];
        Span<byte> skippable = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, FrameMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(skippable, SkippableMagic);
        ReadOnlySpan<byte> rest = _buffer.AsSpan(_start, Available);
        bool skippablePrefix = rest.Length == 0 || ((rest[0] & 0xF0) == 0x50 && skippable[1..].StartsWith(rest[1..]));
        return frame.StartsWith(rest) || skippablePrefix;
    }

    private void BeginFrame(Part part)
    {
        _frames++;
        _frameStart = Offset(_start);
        _block = 0;
        _lastBlock = false;
        _hasChecksum = false;
        _part = part;
        ChecksumAt = -1;
    }

    /// <summary>RFC 8878 section 3.1.1.1: magic, descriptor, then window, dictionary id and content size as it says.</summary>
    private bool ReadFrameHeader()
    {
        if (!Have(5))
        {
            return false;
        }

        byte descriptor = _buffer[_start + 4];
        int sizeFlag = descriptor >> 6;
        bool singleSegment = (descriptor & 0x20) != 0;
        int dictionaryFlag = descriptor & 0x03;
        if ((descriptor & 0x08) != 0)
        {
            throw new InputFormatException(string.Create(CultureInfo.InvariantCulture,
                $"zstd: frame {_frames} (at byte {_frameStart}) sets the reserved bit of its frame header descriptor (byte {_frameStart + 4}), which RFC 8878 requires to be zero"));
        }

        int windowLength = singleSegment ? 0 : 1;
        int dictionaryLength = dictionaryFlag == 3 ? 4 : dictionaryFlag;
        int sizeLength = sizeFlag switch
        {
            0 => singleSegment ? 1 : 0,
            1 => 2,
            2 => 4,
            _ => 8,
        };
        int headerLength = 5 + windowLength + dictionaryLength + sizeLength;
        if (!Have(headerLength))
        {
            return false;
        }

        uint dictionary = 0;
        for (int i = dictionaryLength - 1; i >= 0; i--)
        {
            dictionary = (dictionary << 8) | _buffer[_start + 5 + windowLength + i];
        }

        if (dictionary != 0)
        {
            throw new InputFormatException(string.Create(CultureInfo.InvariantCulture,
                $"zstd: frame {_frames} (at byte {_frameStart}) was compressed with dictionary {dictionary} (byte {_frameStart + 5 + windowLength}); this reader takes no dictionary"));
        }

        _hasChecksum = (descriptor & 0x04) != 0;
        _pending = headerLength;
        _part = Part.BlockHeader;
        return true;
    }

    /// <summary>RFC 8878 section 3.1.2: magic, a 4-byte little-endian length, then that many bytes to skip.</summary>
    private bool ReadSkippableHeader()
    {
        if (!Have(8))
        {
            return false;
        }

        _bodyLeft = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start + 4));
        _pending = 8;
        _part = Part.SkippableBody;
        return true;
    }

    /// <summary>RFC 8878 section 3.1.1.2: 3 bytes, little-endian: last-block bit, 2-bit type, 21-bit size.</summary>
    private bool ReadBlockHeader()
    {
        if (!Have(3))
        {
            return false;
        }

        _block++;
        int header = _buffer[_start] | (_buffer[_start + 1] << 8) | (_buffer[_start + 2] << 16);
        _lastBlock = (header & 1) != 0;
        int type = (header >> 1) & 3;
        int size = header >> 3;
        long at = Offset(_start);
        if (type == 3)
        {
            throw new InputFormatException(string.Create(CultureInfo.InvariantCulture,
                $"zstd: block {_block} of frame {_frames} (at byte {_frameStart}) has the reserved block type 3 (block header at byte {at})"));
        }

        if (size > MaxBlockSize)
        {
            throw new InputFormatException(string.Create(CultureInfo.InvariantCulture,
                $"zstd: block {_block} of frame {_frames} (at byte {_frameStart}) states a size of {size} bytes, more than a block may hold (128 KiB; block header at byte {at})"));
        }

        _bodyLeft = type == 1 ? 1 : size; // an RLE block stores one byte, repeated size times
        _pending = 3;
        _part = Part.BlockBody;
        return true;
    }

    private bool PassBody()
    {
        if (_bodyLeft == 0)
        {
            if (_part == Part.SkippableBody || (_lastBlock && !_hasChecksum))
            {
                EndFrame();
            }
            else
            {
                _part = _lastBlock ? Part.Checksum : Part.BlockHeader;
            }

            return true;
        }

        if (!Have(1))
        {
            return false;
        }

        _pending = (int)Math.Min(_bodyLeft, Available);
        _bodyLeft -= _pending;
        return true;
    }

    private bool ReadChecksum()
    {
        if (!Have(4))
        {
            return false;
        }

        ChecksumAt = Offset(_start);
        _pending = 4;
        EndFrame();
        return true;
    }

    private void EndFrame()
    {
        _frameComplete = true;
        _part = Part.FrameStart;
    }

    private InputFormatException Truncated()
    {
        string where = _part switch
        {
            Part.FrameStart => "at the magic number",
            Part.FrameHeader => "inside the frame header",
            Part.SkippableHeader => "inside the header (a skippable frame)",
            Part.BlockHeader => string.Create(CultureInfo.InvariantCulture, $"inside the header of block {_block + 1}"),
            Part.BlockBody => string.Create(CultureInfo.InvariantCulture, $"inside the data of block {_block}"),
            Part.Checksum => "inside the 4-byte content checksum",
            Part.SkippableBody => "inside the skipped data (a skippable frame)",
            _ => "at the end",
        };
        return new InputFormatException(string.Create(CultureInfo.InvariantCulture,
            $"zstd: the stream is truncated: the input ends at byte {Offset(_end)} {where} of frame {_frames} (at byte {_frameStart})"));
    }
}
