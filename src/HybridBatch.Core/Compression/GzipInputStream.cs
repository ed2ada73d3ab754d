using System.Buffers.Binary;
using System.Globalization;
using HybridBatch.Core.Records;
using HybridBatch.Core.Storage;

namespace HybridBatch.Core.Compression;

/// <summary>
/// The decompressed bytes of a gzip file (RFC 1952), read only if the file is whole: every member's header is
/// parsed, its deflate data inflated, its CRC-32 and ISIZE trailer checked; members may follow one another (as
/// <c>gzip -dc</c> reads them); at the end the last member must be complete and nothing else may follow. Every
/// defect throws <see cref="InputFormatException"/> naming the member and the compressed byte offset, before the
/// reader returns end of stream, so a damaged file can never pass as a shorter good one.
/// </summary>
public sealed class GzipInputStream : ReadOnlyStream
{
    private const int InputSize = 64 * 1024;
    private const int OutputSize = 256 * 1024;
    private const int TrailerLength = 8;
    private const int ShownBytes = 8;

    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly RawInflater _inflater = new();
    private readonly GzipHeaderParser _header = new();

    // Pinned: zlib reads and writes them through raw addresses.
    private readonly byte[] _input = GC.AllocateUninitializedArray<byte>(InputSize, pinned: true);
    private readonly byte[] _output = GC.AllocateUninitializedArray<byte>(OutputSize, pinned: true);
    private int _inStart;
    private int _inEnd;
    private long _inputBase;
    private bool _sourceEnded;
    private int _outStart;
    private int _outEnd;

    private State _state = State.MemberStart;
    private int _member;
    private long _memberStart;
    private uint _crc;
    private uint _length;
    private bool _disposed;

    /// <param name="source">The compressed bytes, read from its current position to its end.</param>
    /// <param name="leaveOpen">Whether disposing this reader leaves <paramref name="source"/> open.</param>
    public GzipInputStream(Stream source, bool leaveOpen = false)
    {
        _source = source;
        _leaveOpen = leaveOpen;
    }

    private enum State
    {
        MemberStart,
        Header,
        Body,
        Trailer,
        Done,
    }

    /// <summary>The members read completely so far.</summary>
    public int CompleteMembers { get; private set; }

    public override bool CanRead => !_disposed;

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (TryTake(buffer, out int taken))
            {
                return taken;
            }

            if (!Step())
            {
                Fill(_source.Read(_input, _inEnd, _input.Length - _inEnd));
            }
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (TryTake(buffer.Span, out int taken))
            {
                return taken;
            }

            if (!Step())
            {
                Fill(await _source.ReadAsync(_input.AsMemory(_inEnd, _input.Length - _inEnd), cancellationToken).ConfigureAwait(false));
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _inflater.Dispose();
            if (!_leaveOpen)
            {
                _source.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _inflater.Dispose();
            if (!_leaveOpen)
            {
                await _source.DisposeAsync().ConfigureAwait(false);
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Hands out decompressed bytes already produced; true with 0 only at the verified end.</summary>
    private bool TryTake(Span<byte> buffer, out int taken)
    {
        taken = Math.Min(buffer.Length, _outEnd - _outStart);
        if (taken > 0 || buffer.IsEmpty)
        {
            _output.AsSpan(_outStart, taken).CopyTo(buffer);
            _outStart += taken;
            return true;
        }

        return _state == State.Done;
    }

    /// <summary>Makes progress on what is buffered. False when more compressed input is needed first.</summary>
    private bool Step() => _state switch
    {
        State.MemberStart => StartMember(),
        State.Header => ReadHeader(),
        State.Body => Inflate(),
        State.Trailer => CheckTrailer(),
        _ => true,
    };

    private void Fill(int read)
    {
        if (read == 0)
        {
            if (_sourceEnded)
            {
                throw new InvalidOperationException("the gzip reader asked for input after the end of its source");
            }

            _sourceEnded = true;
            return;
        }

        _inEnd += read;
    }

    /// <summary>Compacts the input buffer so the next read has room; called only when all of it is needed.</summary>
    private bool NeedInput()
    {
        if (_sourceEnded)
        {
            throw Truncated();
        }

        if (_inStart > 0)
        {
            _input.AsSpan(_inStart, _inEnd - _inStart).CopyTo(_input);
            _inputBase += _inStart;
            _inEnd -= _inStart;
            _inStart = 0;
        }

        if (_inEnd == _input.Length)
        {
            throw new InvalidOperationException("the gzip reader made no progress on a full input buffer");
        }

        return false;
    }

    private long Offset(int at) => _inputBase + at;

    private bool StartMember()
    {
        int available = _inEnd - _inStart;
        if (available == 0 && _sourceEnded)
        {
            if (_member == 0)
            {
                throw new InputFormatException("gzip: the input is named .gz but is empty (0 bytes); a gzip file holds at least one member");
            }

            _state = State.Done;
            return true;
        }

        if (available < 2 && !_sourceEnded)
        {
            return NeedInput();
        }

        if (available == 1 && _input[_inStart] == 0x1F)
        {
            // A lone first magic byte at the very end: a member cut after its first byte.
            _member++;
            _memberStart = Offset(_inStart);
            throw Truncated();
        }

        if (available < 2 || _input[_inStart] != 0x1F || _input[_inStart + 1] != 0x8B)
        {
            string shown = string.Join(' ', _input.Skip(_inStart).Take(Math.Min(available, ShownBytes)).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
            if (_member == 0)
            {
                throw new InputFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"gzip: the input is named .gz but starts with bytes {shown}, which are not gzip (1f 8b)"));
            }

            throw new InputFormatException(string.Create(CultureInfo.InvariantCulture,
                $"gzip: trailing bytes after the end of member {_member} at byte {Offset(_inStart)} are not another gzip member (they start with {shown})"));
        }

        _member++;
        _memberStart = Offset(_inStart);
        _header.Reset(_member, _memberStart);
        _crc = 0;
        _length = 0;
        _state = State.Header;
        return true;
    }

    private bool ReadHeader()
    {
        if (_inStart == _inEnd)
        {
            return NeedInput();
        }

        bool complete = _header.TryConsume(_input, _inStart, _inEnd, out int consumed);
        _inStart += consumed;
        if (!complete)
        {
            return NeedInput();
        }

        _inflater.Reset();
        _state = State.Body;
        return true;
    }

    private bool Inflate()
    {
        if (_inStart == _inEnd)
        {
            return NeedInput();
        }

        _outStart = 0;
        int code = _inflater.Inflate(_input, _inStart, _inEnd, _output, 0, _output.Length, out int consumed, out int produced);
        _inStart += consumed;
        _outEnd = produced;
        _crc = RawInflater.Crc32(_crc, _output, 0, produced);
        _length += (uint)produced;
        switch (code)
        {
            case ZlibNative.StreamEnd:
                _state = State.Trailer;
                return true;
            case ZlibNative.Ok:
            case ZlibNative.BufferError:
                return consumed > 0 || produced > 0 || NeedInput();
            case ZlibNative.DataError:
            case ZlibNative.NeedDictionary:
                throw new InputFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"gzip: corrupt deflate data in member {_member} (at byte {_memberStart}), detected near byte {Offset(_inStart)}: {_inflater.LastMessage ?? "invalid data"}"));
            default:
                throw new InvalidOperationException($"zlib inflate failed with code {code}: {_inflater.LastMessage}");
        }
    }

    private bool CheckTrailer()
    {
        if (_inEnd - _inStart < TrailerLength)
        {
            return NeedInput();
        }

        long at = Offset(_inStart);
        uint statedCrc = BinaryPrimitives.ReadUInt32LittleEndian(_input.AsSpan(_inStart));
        uint statedLength = BinaryPrimitives.ReadUInt32LittleEndian(_input.AsSpan(_inStart + 4));
        if (statedCrc != _crc)
        {
            throw new InputFormatException(string.Create(CultureInfo.InvariantCulture,
                $"gzip: CRC-32 mismatch in member {_member} (at byte {_memberStart}): the trailer at byte {at} says 0x{statedCrc:X8}, the decompressed data gives 0x{_crc:X8}"));
        }

        if (statedLength != _length)
        {
            throw new InputFormatException(string.Create(CultureInfo.InvariantCulture,
                $"gzip: length mismatch in member {_member} (at byte {_memberStart}): the trailer at byte {at + 4} says {statedLength} bytes (mod 2^32), the member decompressed to {_length}"));
        }

        _inStart += TrailerLength;
        CompleteMembers++;
        _state = State.MemberStart;
        return true;
    }

    private InputFormatException Truncated()
    {
        string where = _state switch
        {
            State.Header => "inside the header",
            State.Body => "inside the deflate data",
            State.Trailer => "inside the 8-byte trailer (CRC-32, ISIZE)",
            _ => "at the magic bytes",
        };
        return new InputFormatException(string.Create(CultureInfo.InvariantCulture,
            $"gzip: the stream is truncated: the input ends at byte {Offset(_inEnd)} {where} of member {_member} (at byte {_memberStart})"));
    }
}
