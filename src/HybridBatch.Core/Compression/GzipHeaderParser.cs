using System.Buffers.Binary;
using System.Globalization;
using HybridBatch.Core.Records;

namespace HybridBatch.Core.Compression;

/// <summary>
/// Reads one gzip member header (RFC 1952 section 2.3) as its bytes arrive, in any number of pieces: ID1 ID2, CM,
/// FLG, MTIME, XFL, OS, then FEXTRA, FNAME, FCOMMENT and FHCRC when their flags are set. The header's own CRC is
/// checked when FHCRC is present; fields without integrity (MTIME, XFL, OS, the name) are skipped, as gzip does.
/// </summary>
internal sealed class GzipHeaderParser
{
    private const int FixedLength = 10;
    private const byte FlagHeaderCrc = 0x02;
    private const byte FlagExtra = 0x04;
    private const byte FlagName = 0x08;
    private const byte FlagComment = 0x10;
    private const byte ReservedFlags = 0xE0;

    private readonly byte[] _pending = new byte[FixedLength];
    private Part _part;
    private int _pendingCount;
    private byte _flags;
    private int _extraLeft;
    private uint _crc;
    private long _memberStart;
    private int _member;
    private long _position;
    private bool _crcComplete;

    private enum Part
    {
        Fixed,
        ExtraLength,
        Extra,
        Name,
        Comment,
        HeaderCrc,
        Done,
    }

    /// <summary>Starts on the header of member <paramref name="member"/> (1-based) at compressed offset <paramref name="memberStart"/>.</summary>
    public void Reset(int member, long memberStart)
    {
        _part = Part.Fixed;
        _pendingCount = 0;
        _flags = 0;
        _extraLeft = 0;
        _crc = 0;
        _member = member;
        _memberStart = memberStart;
        _position = 0;
        _crcComplete = false;
    }

    /// <summary>
    /// Consumes header bytes from <paramref name="buffer"/>[start, end) (a pinned array). True when the header is
    /// complete; false when every byte given was consumed and more are needed.
    /// </summary>
    /// <exception cref="InputFormatException">The header is not a valid gzip member header.</exception>
    public bool TryConsume(byte[] buffer, int start, int end, out int consumed)
    {
        int at = start;
        while (_part != Part.Done && at < end)
        {
            switch (_part)
            {
                case Part.Fixed:
                case Part.ExtraLength:
                case Part.HeaderCrc:
                    int length = _part == Part.Fixed ? FixedLength : 2;
                    at = Gather(buffer, at, end, length);
                    if (_pendingCount == length)
                    {
                        FinishPart();
                    }

                    break;
                case Part.Extra:
                    int skip = Math.Min(_extraLeft, end - at);
                    at += skip;
                    _position += skip;
                    _extraLeft -= skip;
                    if (_extraLeft == 0)
                    {
                        _part = Next(Part.Extra);
                    }

                    break;
                case Part.Name:
                case Part.Comment:
                    int zero = Array.IndexOf(buffer, (byte)0, at, end - at);
                    int taken = zero < 0 ? end - at : zero - at + 1;
                    at += taken;
                    _position += taken;
                    if (zero >= 0)
                    {
                        _part = Next(_part);
                    }

                    break;
            }

            if (_part == Part.HeaderCrc && !_crcComplete)
            {
                // Every header byte before the CRC field has now been seen (this read's from start to at).
                FoldCrc(buffer, start, at);
                _crcComplete = true;
            }
        }

        if (!_crcComplete)
        {
            // The header CRC covers every byte before it, which may arrive over several reads.
            FoldCrc(buffer, start, at);
        }

        consumed = at - start;
        return _part == Part.Done;
    }

    private void FoldCrc(byte[] buffer, int start, int end) => _crc = RawInflater.Crc32(_crc, buffer, start, end - start);

    private int Gather(byte[] buffer, int at, int end, int length)
    {
        int take = Math.Min(length - _pendingCount, end - at);
        buffer.AsSpan(at, take).CopyTo(_pending.AsSpan(_pendingCount));
        _pendingCount += take;
        _position += take;
        return at + take;
    }

    private void FinishPart()
    {
        switch (_part)
        {
            case Part.Fixed:
                CheckFixed();
                _part = Next(Part.Fixed);
                break;
            case Part.ExtraLength:
                _extraLeft = BinaryPrimitives.ReadUInt16LittleEndian(_pending);
                _part = _extraLeft == 0 ? Next(Part.Extra) : Part.Extra;
                break;
            case Part.HeaderCrc:
                CheckHeaderCrc();
                _part = Part.Done;
                break;
        }

        _pendingCount = 0;
    }

    private void CheckFixed()
    {
        // ID1 ID2 are checked by the reader before a member starts; here the rest of the fixed part.
        if (_pending[2] != 8)
        {
            throw Error(2, $"has compression method {_pending[2]}; gzip defines only 8 (deflate)");
        }

        _flags = _pending[3];
        if ((_flags & ReservedFlags) != 0)
        {
            throw Error(3, $"sets reserved header flag bits 0x{_flags & ReservedFlags:X2}, which RFC 1952 requires to be zero");
        }
    }

    private void CheckHeaderCrc()
    {
        ushort stated = BinaryPrimitives.ReadUInt16LittleEndian(_pending);
        if ((ushort)_crc != stated)
        {
            throw Error(_position - 2, $"has a header CRC 0x{stated:X4} but its header bytes give 0x{(ushort)_crc:X4}");
        }
    }

    private Part Next(Part after)
    {
        if (after < Part.ExtraLength && (_flags & FlagExtra) != 0)
        {
            return Part.ExtraLength;
        }

        if (after < Part.Name && (_flags & FlagName) != 0)
        {
            return Part.Name;
        }

        if (after < Part.Comment && (_flags & FlagComment) != 0)
        {
            return Part.Comment;
        }

        if (after < Part.HeaderCrc && (_flags & FlagHeaderCrc) != 0)
        {
            return Part.HeaderCrc;
        }

        return Part.Done;
    }

    private InputFormatException Error(long offsetInHeader, string what) => new(string.Create(CultureInfo.InvariantCulture,
        $"gzip: member {_member} (at byte {_memberStart}) {what} (byte {_memberStart + offsetInHeader})"));
}
