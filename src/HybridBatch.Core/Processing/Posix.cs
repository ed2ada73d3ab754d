using System.Runtime.InteropServices;

namespace HybridBatch.Core.Processing;

/// <summary>
/// The one POSIX call .NET's <see cref="System.Diagnostics.Process"/> lacks: sending a signal other than SIGKILL, so a
/// worker is asked to stop (SIGTERM, which it turns into a clean stop and exit 75) before it is killed, or freezes
/// itself at a fault point (SIGSTOP, <see cref="CrashPoint"/>).
/// </summary>
public static class Posix
{
    public const int SigKill = 9;

    public const int SigTerm = 15;

    /// <summary>SIGSTOP on Linux (x86-64 and arm64, the platforms the worker runs on).</summary>
    public const int SigStop = 19;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when there is no such process (any more).</summary>
    public static bool Signal(int pid, int signal) => !OperatingSystem.IsWindows() && kill(pid, signal) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
