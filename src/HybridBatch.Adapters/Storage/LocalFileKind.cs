namespace HybridBatch.Adapters.Storage;

/// <summary>What a path on this machine names, as <c>statx(2)</c> reports its type.</summary>
public enum LocalFileKind
{
    /// <summary>Nothing is there (or a symbolic link points at nothing).</summary>
    Missing = 0,

    /// <summary>A regular file: the only kind an input may be, since only its size is stable.</summary>
    Regular,

    Directory,

    /// <summary>A named pipe: opening it for reading blocks until a writer appears.</summary>
    Fifo,

    CharacterDevice,

    BlockDevice,

    Socket,

    SymbolicLink,

    /// <summary>A folder on the way is closed to this user (EACCES): whether anything is there cannot be told.</summary>
    Denied,

    Other,
}
