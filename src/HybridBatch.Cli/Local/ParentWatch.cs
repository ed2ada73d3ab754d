namespace HybridBatch.Cli.Local;

/// <summary>
/// The worker's side of <see cref="ChildProcessRunner"/>'s parent pipe (<c>hybridbatch process --watch-parent</c>):
/// standard input is a pipe whose other end only the runner holds, so reading it ends when the runner is gone,
/// however it ended (SIGKILL included), and the work is then cancelled, to stop at its next batch as after SIGTERM.
/// A watch on standard input rather than PR_SET_PDEATHSIG: that one fires when the parent's forking thread exits,
/// and the runner forks from pool threads that come and go; nor a poll of the parent pid, which is slower and can be
/// fooled by a reused pid.
/// </summary>
internal static class ParentWatch
{
    /// <summary>A token cancelled by <paramref name="outer"/> or when the parent's pipe closes.</summary>
    public static CancellationToken Start(CancellationToken outer)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        var watch = new Thread(() => WaitForParentToGo(stop)) { IsBackground = true, Name = "parent watch" };
        watch.Start();
        return stop.Token;
    }

    private static void WaitForParentToGo(CancellationTokenSource stop)
    {
        try
        {
            using Stream input = Console.OpenStandardInput();
            Span<byte> ignored = stackalloc byte[64];
            while (input.Read(ignored) > 0)
            {
                // The runner writes nothing; anything read is ignored.
            }
        }
        catch (IOException)
        {
            // A broken pipe is the same news as an end of file.
        }

        stop.Cancel();
    }
}
