using System.Diagnostics;

namespace HybridBatch.Core.Tests.Support;

/// <summary>
/// The <c>zstd</c> command (Debian's package, the reference implementation): the oracle for what a whole zstd stream
/// is. Installed with apt-get when missing (the machines run as root); a test that cannot get it fails saying so.
/// </summary>
internal static class ZstdCli
{
    private static readonly Lazy<Task> s_installed = new(EnsureInstalledAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task EnsureAsync() => s_installed.Value;

    public static async Task<(int ExitCode, byte[] Output, string Errors)> RunAsync(params string[] arguments)
    {
        await EnsureAsync();
        return await RunProcessAsync("zstd", arguments, null);
    }

    private static async Task EnsureInstalledAsync()
    {
        if (await WorksAsync())
        {
            return;
        }

        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        (int update, _, string updateErrors) = await RunProcessAsync("apt-get", ["update"], env);
        (int install, _, string installErrors) = update == 0 ? await RunProcessAsync("apt-get", ["install", "-y", "zstd"], env) : (update, [], "");
        if (update != 0 || install != 0 || !await WorksAsync())
        {
            throw new InvalidOperationException(
                "the zstd oracle tests need the zstd command and could not install it; run as root: apt-get update && apt-get install -y zstd. " +
                $"apt-get update exit {update}: {updateErrors}; apt-get install exit {install}: {installErrors}");
        }
    }

    private static async Task<bool> WorksAsync()
    {
        try
        {
            return (await RunProcessAsync("zstd", ["-V"], null)).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static async Task<(int ExitCode, byte[] Output, string Errors)> RunProcessAsync(string file, string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await Task.WhenAll(copy, errors, process.WaitForExitAsync(limit.Token));
        return (process.ExitCode, output.ToArray(), await errors);
    }
}
