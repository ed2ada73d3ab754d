using HybridBatch.Core.Failures;

namespace HybridBatch.Core.Storage;

/// <summary>
/// A write failed because the file system (or the user's quota, or the process's file-size limit) has no room:
/// ENOSPC, EDQUOT or EFBIG. Not retried at once, since a retry meets the same full disk; what was committed before
/// stays, and the same command completes once there is space. <see cref="Path"/> names the file being written.
/// </summary>
public sealed class StorageFullException : IOException, IClassifiedFailure
{
    // Linux errno values: .NET gives an IOException from a failed write the raw errno as its HResult.
    private const int NoSpace = 28;
    private const int QuotaExceeded = 122;
    private const int FileTooLarge = 27;

    public StorageFullException(string path, IOException inner)
        : base(inner.HResult == FileTooLarge
            ? $"file too large for this process's file-size limit (ulimit -f): {path}"
            : $"no space left on device: {path}", inner)
    {
        Path = path;
    }

    public string Path { get; }

    public FailureClass FailureClass => FailureClass.StorageFull;

    /// <summary>Whether <paramref name="exception"/> is a write that failed for want of space.</summary>
    public static bool IsStorageFull(Exception exception) =>
        exception is StorageFullException || (exception is IOException { HResult: NoSpace or QuotaExceeded or FileTooLarge } && exception.GetType() == typeof(IOException));
}
