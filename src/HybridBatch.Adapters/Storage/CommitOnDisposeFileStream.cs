namespace HybridBatch.Adapters.Storage;

/// <summary>
/// Writes to a temporary file beside the target and moves it into place when disposed, so readers never see
/// a half-written object.
/// </summary>
internal sealed class CommitOnDisposeFileStream : FileStream
{
    private readonly string _target;
    private bool _committed;

    public CommitOnDisposeFileStream(string target)
        : base(TemporaryPath(target), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous)
    {
        _target = target;
    }

    public static string TemporaryPath(string target) => $"{target}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Commit();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        Commit();
    }

    private void Commit()
    {
        if (!_committed)
        {
            _committed = true;
            File.Move(Name, _target, overwrite: true);
        }
    }
}
