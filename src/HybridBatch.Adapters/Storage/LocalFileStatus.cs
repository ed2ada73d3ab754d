using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace HybridBatch.Adapters.Storage;

/// <summary>
/// The type and size of a path, from <c>statx(2)</c>. .NET tells a directory from a file but not a named pipe or a
/// device from a regular file, and opening a named pipe blocks; so the type is asked before anything is opened.
/// <c>struct statx</c> has one layout on every Linux architecture, unlike <c>struct stat</c>.
/// </summary>
internal static partial class LocalFileStatus
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxSize = 0x200;
    private const int BufferBytes = 256;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;

    /// <summary>The kind of <paramref name="path"/> (of the link itself when <paramref name="followLinks"/> is false) and its size.</summary>
    public static (LocalFileKind Kind, long Size) Of(string path, bool followLinks = true)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Fallback(path);
        }

        Span<byte> buffer = stackalloc byte[BufferBytes];
        int result;
        try
        {
            result = Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType | StatxMode | StatxSize, ref MemoryMarshal.GetReference(buffer));
        }
        catch (Exception missing) when (missing is EntryPointNotFoundException or DllNotFoundException)
        {
            return Fallback(path); // a glibc older than 2.28, or a libc of another name (musl)
        }

        if (result != 0)
        {
            // ENOENT, ENOTDIR, ELOOP: nothing usable is there. EACCES: a folder on the way is closed to this user.
            int errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                13 => (LocalFileKind.Denied, 0),
                38 => Fallback(path), // ENOSYS: a kernel without statx
                _ => (LocalFileKind.Missing, 0),
            };
        }

        int mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[ModeOffset..]);
        long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[SizeOffset..]);
        LocalFileKind kind = (mode & 0xF000) switch
        {
            0x8000 => LocalFileKind.Regular,
            0x4000 => LocalFileKind.Directory,
            0x1000 => LocalFileKind.Fifo,
            0x2000 => LocalFileKind.CharacterDevice,
            0x6000 => LocalFileKind.BlockDevice,
            0xC000 => LocalFileKind.Socket,
            0xA000 => LocalFileKind.SymbolicLink,
            _ => LocalFileKind.Other,
        };
        return (kind, size);
    }

    // Elsewhere (or when statx is refused) only what .NET can tell: a directory, something else, or nothing.
    private static (LocalFileKind Kind, long Size) Fallback(string path)
    {
        if (Directory.Exists(path))
        {
            return (LocalFileKind.Directory, 0);
        }

        var file = new FileInfo(path);
        return file.Exists ? (LocalFileKind.Regular, file.Length) : (LocalFileKind.Missing, 0);
    }

    // The soname, not "libc": "libc.so" is a linker script where the C headers are installed, and absent elsewhere.
    [LibraryImport("libc.so.6", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, ref byte buffer);
}
