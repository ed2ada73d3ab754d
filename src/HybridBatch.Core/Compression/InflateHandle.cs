using System.Runtime.InteropServices;

namespace HybridBatch.Core.Compression;

/// <summary>
/// One raw-deflate inflate stream of the runtime's zlib: owns the PAL_ZStream block (unmanaged, so its address is
/// stable between calls) and the z_stream zlib keeps behind it; releasing it ends the stream and frees both.
/// </summary>
internal sealed class InflateHandle : SafeHandle
{
    private InflateHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public static InflateHandle Create()
    {
        var created = new InflateHandle();
        IntPtr block = Marshal.AllocHGlobal(ZlibNative.StreamSize);
        for (int at = 0; at < ZlibNative.StreamSize; at += 4)
        {
            Marshal.WriteInt32(block, at, 0);
        }

        int code = ZlibNative.InflateInit2(block, ZlibNative.RawDeflateWindowBits);
        if (code != ZlibNative.Ok)
        {
            Marshal.FreeHGlobal(block);
            throw new InvalidOperationException($"zlib inflateInit2 failed with code {code}");
        }

        created.SetHandle(block);
        return created;
    }

    protected override bool ReleaseHandle()
    {
        ZlibNative.InflateEnd(handle);
        Marshal.FreeHGlobal(handle);
        return true;
    }
}
