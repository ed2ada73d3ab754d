using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using HybridBatch.Core.Json;

namespace HybridBatch.Cli.Local;

/// <summary>
/// One run of a file into an <c>--out</c> folder at a time: <c>runs/{runId}.lock</c>, held with an exclusive
/// <c>flock</c> (what .NET's <see cref="FileShare.None"/> takes on Unix) for the whole run. The kernel drops the lock
/// when its last holder dies, so the lock of a dead run is taken over without anyone judging it stale, and no pid can be
/// mistaken for another. The lock's descriptor is inherited by the run's <c>process</c> workers, so after a runner is
/// killed outright the lock is free only once its workers have stopped too (at their next batch): a re-run never
/// races an orphan. <c>runs/{runId}.lock.owner</c> names the holder for the message a second run prints.
/// </summary>
internal sealed class RunLock : IDisposable
{
    /// <summary>How long a run waits for the workers of a killed run to stop before it gives up.</summary>
    public static readonly TimeSpan OrphanWait = TimeSpan.FromSeconds(20);

    // How a held flock surfaces: .NET on Unix puts the errno in HResult (EWOULDBLOCK: 11 on Linux, 35 on macOS);
    // on Windows it is ERROR_SHARING_VIOLATION (32).
    private const int WouldBlockLinux = 11;
    private const int WouldBlockMac = 35;
    private const int SharingViolation = 32;
    private const int SetDescriptorFlags = 2; // F_SETFD
    private readonly FileStream _lock;

    private RunLock(FileStream held) => _lock = held;

    /// <summary>Takes the lock of <paramref name="runId"/> under <paramref name="runsFolder"/>, or throws <see cref="RunLockedException"/>.</summary>
    public static async Task<RunLock> AcquireAsync(string runsFolder, string runId, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(runsFolder);
        string path = Path.Combine(runsFolder, runId + ".lock");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (TryTake(path) is { } held)
            {
                var owner = new RunLockOwner(Environment.ProcessId, DateTimeOffset.UtcNow, string.Join(' ', Environment.GetCommandLineArgs()));
                File.WriteAllBytes(path + ".owner", MinimalJsonEncoder.SerializeToUtf8Bytes(owner, LocalRunJson.Default.RunLockOwner));
                return held;
            }

            RunLockOwner? holder = ReadOwner(path);
            bool holderAlive = holder is not null && IsAlive(holder);
            if (holderAlive || clock.Elapsed > OrphanWait)
            {
                throw new RunLockedException(holderAlive
                    ? $"run {runId} is already running into this folder: pid {holder!.Pid} since {holder.Since:u} ({holder.Command}); wait for it to finish or stop it, then run again (lock: {path})"
                    : $"run {runId} is locked by the workers of an earlier run{(holder is null ? "" : $" (pid {holder.Pid}, gone)")} that did not stop within {OrphanWait.TotalSeconds:F0} s; run again when they have (lock: {path})");
            }

            // The holder is gone but its workers still hold the lock: they stop at their next batch.
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _lock.Dispose();

    private static RunLock? TryTake(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException held) when (held.HResult is WouldBlockLinux or WouldBlockMac || (held.HResult & 0xFFFF) == SharingViolation)
        {
            return null;
        }

        if (!OperatingSystem.IsWindows())
        {
            // .NET opens every file close-on-exec; the workers started from here must inherit this one (see above).
            _ = fcntl((int)stream.SafeFileHandle.DangerousGetHandle(), SetDescriptorFlags, 0);
        }

        return new RunLock(stream);
    }

    private static RunLockOwner? ReadOwner(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path + ".owner"), LocalRunJson.Default.RunLockOwner);
        }
        catch (Exception unreadable) when (unreadable is IOException or JsonException or UnauthorizedAccessException)
        {
            return null; // Being written, or never written by a holder that died at once: the lock itself decides.
        }
    }

    // The holder's process still runs: it exists, is no zombie, and started before it took the lock (not a reused pid).
    private static bool IsAlive(RunLockOwner holder)
    {
        try
        {
            using Process process = Process.GetProcessById(holder.Pid);
            string stat = $"/proc/{holder.Pid}/stat";
            bool zombie = File.Exists(stat) && File.ReadAllText(stat) is var text && text.LastIndexOf(')') is int end and > 0
                && end + 2 < text.Length && text[end + 2] == 'Z';
            return !process.HasExited && !zombie && process.StartTime.ToUniversalTime() <= holder.Since.UtcDateTime.AddSeconds(1);
        }
        catch (Exception gone) when (gone is ArgumentException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int cmd, int arg);
}
