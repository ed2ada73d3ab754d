using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;

namespace HybridBatch.Bench;

/// <summary>
/// An npm fixture that travels inside this binary (package.json, its committed package-lock.json, a script),
/// installed with <c>npm ci</c> into a folder of a cache root the first time it is needed. The folder is named
/// after the hash of the fixture's files, so a changed lock or script gets a fresh install and an unchanged
/// fixture is reused.
/// </summary>
/// <remarks>
/// Two <c>npm ci</c> runs in one folder delete each other's files, and a folder whose node_modules exists may
/// hold a half-finished install: the install runs under an exclusive lock file and counts as done only when its
/// marker names the fixture's hash (the way the test fixtures install themselves).
/// </remarks>
public sealed class NpmFixture(string name, IReadOnlyDictionary<string, byte[]> files)
{
    private const string InstallLockName = ".npm-install.lock";
    private const string MarkerName = ".installed-from";
    private static readonly TimeSpan s_lockRetry = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The folder the fixture is installed in under <paramref name="cacheRoot"/>, installing it first when
    /// needed; or null and why not (npm missing, no registry, a timeout), so a bench can say so and go on.
    /// </summary>
    public async Task<(string? Folder, string Note)> InstallAsync(string cacheRoot, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string hash = ContentHash();
        string folder = Path.Combine(cacheRoot, $"{name}-{hash[..16]}");
        string marker = Path.Combine(folder, "node_modules", MarkerName);
        if (Installed(marker, hash))
        {
            return (folder, $"installed in {folder}");
        }

        Directory.CreateDirectory(folder);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using FileStream held = await TakeLockAsync(Path.Combine(folder, InstallLockName), deadline.Token).ConfigureAwait(false);
        if (Installed(marker, hash))
        {
            return (folder, $"installed in {folder}"); // another process installed it while this one waited
        }

        foreach ((string fileName, byte[] content) in files)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, fileName), content, cancellationToken).ConfigureAwait(false);
        }

        string? problem = await RunNpmCiAsync(folder, deadline.Token, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }

        await File.WriteAllTextAsync(marker, hash, CancellationToken.None).ConfigureAwait(false);
        return (folder, $"installed now in {folder}");
    }

    /// <summary>SHA-256 over each file's name and content, in name order: the lock file and the script both count.</summary>
    private string ContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach ((string fileName, byte[] content) in files.OrderBy(file => file.Key, StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(fileName + "\n" + content.Length + "\n"));
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static bool Installed(string marker, string hash) => File.Exists(marker) && File.ReadAllText(marker) == hash;

    /// <summary>FileShare.None takes an exclusive lock on Linux; another holder makes the open throw.</summary>
    private static async Task<FileStream> TakeLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(s_lockRetry, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Null when <c>npm ci</c> succeeded, else what went wrong.</summary>
    private static async Task<string?> RunNpmCiAsync(string folder, CancellationToken deadline, CancellationToken cancellationToken)
    {
        ProcessStartInfo start = ToolRun.Start("npm", ["ci", "--no-audit", "--no-fund"]);
        start.WorkingDirectory = folder;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            return "npm not found";
        }

        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            Task<string> errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                return $"npm ci in {folder} did not finish in time";
            }

            return process.ExitCode == 0
                ? null
                : $"npm ci failed (exit {process.ExitCode}) in {folder}: {Last(await errors.ConfigureAwait(false) + await output.ConfigureAwait(false))}";
        }
    }

    /// <summary>npm's last lines say what failed; the rest is progress.</summary>
    private static string Last(string text)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.TakeLast(3));
    }
}
