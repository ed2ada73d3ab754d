using System.Runtime.InteropServices;

namespace HybridBatch.Core.Compression;

/// <summary>
/// Raw deflate decoding between pinned buffers, reporting exactly how much input each call consumed, so the gzip
/// reader knows where a member's deflate data ends and its trailer begins.
/// </summary>
internal sealed class RawInflater : IDisposable
{
    private readonly InflateHandle _handle = InflateHandle.Create();

    /// <summary>Starts a new deflate stream (the next gzip member).</summary>
    public void Reset()
    {
        int code = ZlibNative.InflateReset2(_handle, ZlibNative.RawDeflateWindowBits);
        if (code != ZlibNative.Ok)
        {
            throw new InvalidOperationException($"zlib inflateReset2 failed with code {code}");
        }
    }

    /// <summary>
    /// Decodes from <paramref name="input"/>[inStart, inEnd) into <paramref name="output"/>[outStart, outEnd).
    /// Both arrays must be pinned (allocated with <c>GC.AllocateArray(pinned: true)</c>).
    /// </summary>
    /// <returns>zlib's return code (<see cref="ZlibNative.Ok"/>, <see cref="ZlibNative.StreamEnd"/>, an error).</returns>
    public int Inflate(byte[] input, int inStart, int inEnd, byte[] output, int outStart, int outEnd, out int consumed, out int produced)
    {
        IntPtr stream = _handle.DangerousGetHandle();
        Marshal.WriteIntPtr(stream, ZlibNative.NextInOffset, Marshal.UnsafeAddrOfPinnedArrayElement(input, inStart));
        Marshal.WriteInt32(stream, ZlibNative.AvailInOffset, inEnd - inStart);
        Marshal.WriteIntPtr(stream, ZlibNative.NextOutOffset, Marshal.UnsafeAddrOfPinnedArrayElement(output, outStart));
        Marshal.WriteInt32(stream, ZlibNative.AvailOutOffset, outEnd - outStart);
        int code = ZlibNative.Inflate(_handle, ZlibNative.NoFlush);
        consumed = inEnd - inStart - Marshal.ReadInt32(stream, ZlibNative.AvailInOffset);
        produced = outEnd - outStart - Marshal.ReadInt32(stream, ZlibNative.AvailOutOffset);
        return code;
    }

    /// <summary>zlib's message for the last error ("invalid block type", "invalid distance too far back"), if any.</summary>
    public string? LastMessage
    {
        get
        {
            IntPtr message = Marshal.ReadIntPtr(_handle.DangerousGetHandle(), ZlibNative.MessageOffset);
            return message == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(message);
        }
    }

    /// <summary>CRC-32 (the gzip polynomial) of <paramref name="buffer"/>[start, start + count), continuing <paramref name="crc"/>.</summary>
    public static uint Crc32(uint crc, byte[] buffer, int start, int count) =>
        count == 0 ? crc : ZlibNative.Crc32(crc, Marshal.UnsafeAddrOfPinnedArrayElement(buffer, start), count);

    public void Dispose() => _handle.Dispose();
}
