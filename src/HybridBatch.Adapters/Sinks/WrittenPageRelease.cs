using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HybridBatch.Adapters.Sinks;

/// <summary>
/// Hands the page cache's copies of a sink's parts back to the kernel as the run goes: every
/// <see cref="DefaultWindowBytes"/> written, the open part (and the last committed one, and the last parts of the run's
/// finished chunks, <see cref="LeftBehindParts"/>) is advised
/// <c>POSIX_FADV_DONTNEED</c>, which starts writing its dirty pages to disk and frees the pages already written. Linux
/// only; elsewhere it does nothing. Advice only: the bytes in the files are the same with or without it.
/// </summary>
/// <remarks>
/// Why: a 10 M-record run writes 3.4 GB of envelopes, and left to itself the kernel keeps every written page cached,
/// so it needs 3.4 GB of free pages. On a virtual machine whose host backs guest memory only when it is first written
/// (the Firecracker guests we measure on, freshly started) each such page is a fault in the host, and the copy into
/// those pages was 42 % of a 10 M run's CPU (docs/performance.md, "The file destination, third pass"). Freed as soon
/// as they are on disk, the same few tens of megabytes of pages are reused over and over. The cost is that the run
/// starts the disk writes itself instead of leaving them to the kernel's flusher (they happen either way) and frees
/// the pages itself: on a machine whose free memory is already backed it costs a little (about 0.8 CPU-s per 10 M
/// records), and a disk slower than the run's output holds the run back to the disk's speed, as the kernel's
/// dirty-page limits would on a run larger than memory.
/// </remarks>
internal sealed partial class WrittenPageRelease : IDisposable
{
    /// <summary>Bytes written between two releases: a dozen batches of envelopes; a few milliseconds of disk.</summary>
    public const int DefaultWindowBytes = 8 << 20;

    private const int PosixFadviseDontNeed = 4;

    private readonly long _windowBytes;
    private readonly LeftBehindParts? _leftBehind;
    private long _sinceRelease;
    private string? _committed;

    /// <param name="windowBytes">Bytes written between two releases; 0 releases nothing (and does no system call).</param>
    /// <param name="leftBehind">
    /// Where the last part goes when this sink is done, for the run's next window to release; without it the last part
    /// stays cached.
    /// </param>
    public WrittenPageRelease(long windowBytes, LeftBehindParts? leftBehind = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windowBytes);
        _windowBytes = OperatingSystem.IsLinux() ? windowBytes : 0;
        _leftBehind = leftBehind;
    }

    /// <summary>After each write to <paramref name="part"/>: releases what is on disk once a window is full.</summary>
    public void Wrote(SafeFileHandle part, int bytes)
    {
        if (_windowBytes == 0)
        {
            return;
        }

        _sinceRelease += bytes;
        if (_sinceRelease < _windowBytes)
        {
            return;
        }

        _sinceRelease = 0;
        Release(part);
        if (_committed is not null)
        {
            ReleaseAt(_committed);
            _committed = null;
        }

        _leftBehind?.ReleaseAll();
    }

    /// <summary>
    /// After a part is committed (closed, renamed to <paramref name="path"/>): starts its last pages on their way to disk,
    /// for the next window to free them once they are there.
    /// </summary>
    /// <remarks>
    /// By path, after the part is closed, not through a second handle while it is written: the part is open with
    /// <see cref="FileShare.None"/>, which .NET enforces on Unix with an exclusive <c>flock</c> that a second handle
    /// cannot share; and a handle kept open would hold a shared <c>flock</c> on a committed part.
    /// </remarks>
    public void Committed(string path)
    {
        if (_windowBytes == 0)
        {
            return;
        }

        if (_committed is not null)
        {
            ReleaseAt(_committed);
        }

        ReleaseAt(path);
        _committed = path;
    }

    /// <summary>The sink is done: its last part, still on its way to disk, is left to the run's next window.</summary>
    public void Dispose()
    {
        if (_committed is null)
        {
            return;
        }

        if (_leftBehind is null)
        {
            ReleaseAt(_committed);
        }
        else
        {
            _leftBehind.Add(_committed);
        }

        _committed = null;
    }

    /// <summary>Releases the pages on disk of the file at <paramref name="path"/>; nothing if it cannot be opened.</summary>
    public static void ReleaseAt(string path)
    {
        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        }
        catch (Exception unopened) when (unopened is IOException or UnauthorizedAccessException)
        {
            // Advice only: a part whose pages stay cached (or that a reader moved away) is still the same part.
            return;
        }

        using (file)
        {
            Release(file);
        }
    }

    // The whole file: pages already freed are no longer there to walk, so the kernel only looks at the last window's.
    // The result is ignored: the advice cannot change the file, and a file system that keeps its pages keeps them.
    private static void Release(SafeFileHandle file) => _ = PosixFadvise(file, 0, 0, PosixFadviseDontNeed);

    [LibraryImport("libc.so.6", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(SafeFileHandle file, long offset, long length, int advice);
}
