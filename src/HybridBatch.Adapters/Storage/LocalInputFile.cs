namespace HybridBatch.Adapters.Storage;

/// <summary>
/// The one check of an input file on this machine, for every command that reads one (run, plan, validate --local,
/// process --work): it must be a regular file this process can read, whose size is what it holds. A named pipe or
/// a device is refused before it is opened (opening a pipe blocks until a writer comes); a <c>/proc</c> file, whose
/// size reads 0 while it holds data, is refused rather than read as empty.
/// </summary>
public static class LocalInputFile
{
    /// <summary>Throws <see cref="LocalPathException"/> naming <paramref name="path"/> unless it can be read as an input.</summary>
    public static void EnsureReadable(string path)
    {
        EnsureRegular(path);
        (_, long size) = LocalFileStatus.Of(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            if (size == 0 && stream.ReadByte() >= 0)
            {
                throw new LocalPathException(
                    $"{path} reports a size of 0 bytes but holds data (a /proc or /sys file?): an input must be a regular file whose size is stable; copy it to a file first");
            }
        }
        catch (UnauthorizedAccessException denied)
        {
            throw new LocalPathException($"permission denied: cannot read {path}", denied);
        }
    }

    /// <summary>
    /// Throws <see cref="LocalPathException"/> unless <paramref name="path"/> is a regular file (after links): cheap,
    /// opens nothing, so the object store asks it before every read.
    /// </summary>
    public static void EnsureRegular(string path)
    {
        (LocalFileKind kind, _) = LocalFileStatus.Of(path);
        switch (kind)
        {
            case LocalFileKind.Regular:
                return;
            case LocalFileKind.Missing:
                (LocalFileKind self, _) = LocalFileStatus.Of(path, followLinks: false);
                string? target = self == LocalFileKind.SymbolicLink ? new FileInfo(path).LinkTarget : null;
                throw new LocalPathException(target is null
                    ? $"no such file: {path}"
                    : $"no such file: {path} is a symbolic link to {target}, which does not exist");
            case LocalFileKind.Directory:
                throw new LocalPathException($"{path} is a directory, not a file");
            case LocalFileKind.Denied:
                throw new LocalPathException($"permission denied: cannot reach {path} (a folder on its path is closed to this user)");
            default:
                throw new LocalPathException($"{path} is a {Describe(kind)}, not a regular file: an input must be a regular file whose size is stable; copy it to a file first");
        }
    }

    private static string Describe(LocalFileKind kind) => kind switch
    {
        LocalFileKind.Fifo => "named pipe (FIFO)",
        LocalFileKind.CharacterDevice => "character device",
        LocalFileKind.BlockDevice => "block device",
        LocalFileKind.Socket => "socket",
        _ => "special file",
    };
}
