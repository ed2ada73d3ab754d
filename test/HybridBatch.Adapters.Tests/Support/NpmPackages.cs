using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;

namespace HybridBatch.Adapters.Tests.Support;

/// <summary>
/// Installs a fixture folder's npm packages from its committed lock file, once: the one installer of the test
/// projects (the emulator, the Parquet reference files and the Step Functions tools use it), whether several test
/// classes of one assembly or several assemblies (dotnet test runs them in parallel) ask at the same time.
/// </summary>
/// <remarks>
/// Two <c>npm ci</c> runs in one folder delete each other's files (ENOTEMPTY), and a folder whose
/// node_modules exists may hold a half-finished install. So within a process each folder's install is one shared
/// task, and across processes the install runs under an exclusive lock on a file next to the lock file and counts as
/// done only when its marker names the lock file's current hash.
/// </remarks>
public static class NpmPackages
{
    private const string LockName = ".npm-install.lock";
    private const string MarkerName = ".installed-from";
    private static readonly TimeSpan s_lockRetry = TimeSpan.FromMilliseconds(200);
    private static readonly ConcurrentDictionary<string, Lazy<Task>> s_installs = new(StringComparer.Ordinal);

    /// <summary>
    /// Installs <paramref name="folder"/>'s packages unless they are installed from its current lock file. A failed
    /// install stays failed for this process: every test class that needs the folder reports the same error.
    /// </summary>
    public static Task EnsureInstalledAsync(string folder, TimeSpan timeout) =>
        s_installs.GetOrAdd(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)), full => new Lazy<Task>(() => InstallAsync(full, timeout))).Value;

    private static async Task InstallAsync(string folder, TimeSpan timeout)
    {
        string expected = LockHash(folder);
        string marker = Path.Combine(folder, "node_modules", MarkerName);
        if (Installed(marker, expected))
        {
            return;
        }

        using var deadline = new CancellationTokenSource(timeout);
        using FileStream held = await TakeLockAsync(Path.Combine(folder, LockName), deadline.Token);
        if (Installed(marker, expected))
        {
            return; // another process installed while this one waited
        }

        await RunNpmCiAsync(folder, deadline.Token);
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!); // npm ci makes no node_modules for a lock file without packages
        await File.WriteAllTextAsync(marker, expected, CancellationToken.None);
    }

    private static bool Installed(string marker, string expected) =>
        File.Exists(marker) && File.ReadAllText(marker) == expected;

    private static string LockHash(string folder) =>
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "package-lock.json"))));

    /// <summary>FileShare.None takes an exclusive flock on Linux; another holder makes the open throw.</summary>
    private static async Task<FileStream> TakeLockAsync(string path, CancellationToken cancel)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!cancel.IsCancellationRequested)
            {
                await Task.Delay(s_lockRetry, cancel);
            }
        }
    }

    private static async Task RunNpmCiAsync(string folder, CancellationToken cancel)
    {
        var start = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "ci", "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start npm in {folder}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm ci in {folder} did not finish in time (its lock: {LockName})");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed ({process.ExitCode}) in {folder}: {await stdout}\n{await stderr}");
        }
    }
}
