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
                    string stat = File.ReadAllText(Path.Combine(folder, "stat"));
                    found.Add((pid, stat[stat.LastIndexOf(')') + 2]));
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
}
