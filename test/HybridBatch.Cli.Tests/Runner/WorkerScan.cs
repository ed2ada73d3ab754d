using System.Globalization;

namespace HybridBatch.Cli.Tests.Runner;

/// <summary>
/// The <c>hybridbatch process</c> workers of one test's run, found in <c>/proc</c> by a marker in their command line
/// (the test's own temp folder), with their state (R, S, T for stopped, Z for zombie).
/// </summary>
internal static class WorkerScan
{
    public static IReadOnlyList<(int Pid, char State)> Find(string marker)
    {
        var found = new List<(int, char)>();
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                string[] arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
                if (arguments.Contains("process") && arguments.Contains("--watch-parent") && arguments.Any(a => a.Contains(marker, StringComparison.Ordinal)))
                {
                    found.Add((pid, State(pid)));
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return found;
    }

    /// <summary>
    /// A process's state from <c>/proc/PID/stat</c>: the first field after the command name, which is in parentheses
    /// and may itself hold ") ". Throws <see cref="IOException"/> when the process is gone.
    /// </summary>
    public static char State(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }
}
