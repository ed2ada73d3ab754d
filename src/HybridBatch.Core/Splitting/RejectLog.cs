namespace HybridBatch.Core.Splitting;

/// <summary>
/// The rejected records of one range of the parallel split, kept in a temporary file (deleted on dispose) until the
/// merge writes them in input order: a file with millions of rejects must not be held in memory, and the rejects
/// file cannot be written before the ranges before this one are counted (indices and lines are global).
/// </summary>
internal sealed class RejectLog : IDisposable
{
    private FileStream? _file;
    private BinaryWriter? _writer;

    public long Count { get; private set; }

    /// <summary>Keeps a reject whose index and line are the range's own.</summary>
    public void Add(RejectedRecord rejected, bool patternTimedOut)
    {
        if (_writer is null)
        {
            _file = new FileStream(Path.Combine(Path.GetTempPath(), $"hybridbatch-rejects-{Guid.NewGuid():N}.bin"), FileMode.CreateNew,
                FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            _writer = new BinaryWriter(_file);
        }

        _writer.Write(rejected.Index);
        _writer.Write(rejected.Line);
        _writer.Write(rejected.ByteOffset);
        _writer.Write(rejected.Field);
        _writer.Write(rejected.Reason);
        _writer.Write(rejected.Raw);
        _writer.Write(patternTimedOut);
        Count++;
    }

    /// <summary>The kept rejects, in the order they were added.</summary>
    public IEnumerable<(RejectedRecord Rejected, bool PatternTimedOut)> ReadAll()
    {
        if (_writer is null)
        {
            yield break;
        }

        _writer.Flush();
        _file!.Position = 0;
        using var reader = new BinaryReader(_file, System.Text.Encoding.UTF8, leaveOpen: true);
        for (long i = 0; i < Count; i++)
        {
            var rejected = new RejectedRecord(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadString(), reader.ReadString(), reader.ReadString());
            yield return (rejected, reader.ReadBoolean());
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _file?.Dispose();
    }
}
