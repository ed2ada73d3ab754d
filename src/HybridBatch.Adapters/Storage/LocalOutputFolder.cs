using HybridBatch.Core.Storage;

namespace HybridBatch.Adapters.Storage;

/// <summary>
/// The one check of a folder a command writes to (<c>--out</c>, <c>--work</c>): it must be a folder (created when
/// missing) in which this process can create a file. Asked before any work, so a run never validates a whole
/// file only to fail at its first write.
/// </summary>
public static class LocalOutputFolder
{
    private const int ReadOnlyFileSystem = 30;

    /// <summary>Throws <see cref="LocalPathException"/> naming <paramref name="setting"/> and <paramref name="path"/> unless writable.</summary>
    public static void EnsureWritable(string setting, string path)
    {
        (LocalFileKind kind, _) = LocalFileStatus.Of(path);
        if (kind == LocalFileKind.Denied)
        {
            throw new LocalPathException($"{setting} {path} is not writable (permission denied: a folder on its path is closed to this user)");
        }

        if (kind is not (LocalFileKind.Directory or LocalFileKind.Missing))
        {
            throw new LocalPathException($"{setting} {path} is a file, not a folder");
        }

        string probe = Path.Combine(path, $".hybridbatch-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(path);
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (UnauthorizedAccessException denied)
        {
            throw new LocalPathException($"{setting} {path} is not writable (permission denied)", denied);
        }
        catch (IOException io) when (io.HResult == ReadOnlyFileSystem)
        {
            throw new LocalPathException($"{setting} {path} is on a read-only file system", io);
        }
        catch (IOException io) when (StorageFullException.IsStorageFull(io))
        {
            throw new StorageFullException(path, io);
        }
        catch (IOException io) when (io is not LocalPathException)
        {
            // A path whose parent is a file ("out/x" with "out" a file) fails here with ENOTDIR.
            throw new LocalPathException($"{setting} {path} cannot be used as a folder: {io.Message}", io);
        }
    }
}
