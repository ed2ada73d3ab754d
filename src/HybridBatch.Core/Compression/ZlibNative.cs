using System.Runtime.InteropServices;

namespace HybridBatch.Core.Compression;

/// <summary>
/// zlib's inflate and crc32 as the .NET runtime ships them (libSystem.IO.Compression.Native, zlib-ng inside), so
/// no second copy of zlib is shipped. GZipStream hides where the deflate data ends; this binding gives
/// <c>avail_in</c> and <c>Z_STREAM_END</c>, which a verifying gzip reader needs. Framework-dependent hosts load the
/// library from the shared framework; Native AOT links it statically and binds these names directly.
/// </summary>
internal static class ZlibNative
{
    private const string Library = "libSystem.IO.Compression.Native";

    // Return codes and flush values of zlib (pal_zlib.h asserts they equal zlib's own).
    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int NeedDictionary = 2;
    public const int DataError = -3;
    public const int BufferError = -5;
    public const int NoFlush = 0;

    /// <summary>Raw deflate: no zlib or gzip wrapper, the reader parses the gzip framing itself.</summary>
    public const int RawDeflateWindowBits = -15;

    // PAL_ZStream: { uint8_t* nextIn; uint8_t* nextOut; char* msg; void* internalState; uint32_t availIn; uint32_t availOut; }
    // The PAL keeps the real z_stream behind internalState, so this block may be any stable memory.
    public static readonly int NextInOffset = 0;
    public static readonly int NextOutOffset = IntPtr.Size;
    public static readonly int MessageOffset = 2 * IntPtr.Size;
    public static readonly int AvailInOffset = 4 * IntPtr.Size;
    public static readonly int AvailOutOffset = (4 * IntPtr.Size) + 4;
    public static readonly int StreamSize = (4 * IntPtr.Size) + 8;

    [DllImport(Library, EntryPoint = "CompressionNative_InflateInit2_")]
    public static extern int InflateInit2(IntPtr stream, int windowBits);

    [DllImport(Library, EntryPoint = "CompressionNative_InflateReset2_")]
    public static extern int InflateReset2(InflateHandle stream, int windowBits);

    [DllImport(Library, EntryPoint = "CompressionNative_Inflate")]
    public static extern int Inflate(InflateHandle stream, int flush);

    [DllImport(Library, EntryPoint = "CompressionNative_InflateEnd")]
    public static extern int InflateEnd(IntPtr stream);

    [DllImport(Library, EntryPoint = "CompressionNative_Crc32")]
    public static extern uint Crc32(uint crc, IntPtr buffer, int length);
}
