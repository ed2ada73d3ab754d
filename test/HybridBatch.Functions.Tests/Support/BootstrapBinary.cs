using System.Diagnostics;

namespace HybridBatch.Functions.Tests.Support;

/// <summary>
/// The real <c>bootstrap</c>, built once per test run the way <c>sam build</c> builds it: <c>make
/// build-RouteFunction ARTIFACTS_DIR=…</c>, which runs scripts/publish-aot.sh (Native AOT, linux-x64, glibc check).
/// Every test that drives the binary shares it. <c>HB_BOOTSTRAP</c> points at an already built binary instead.
/// </summary>
public static class BootstrapBinary
{
    public const string BuiltTarget = "build-RouteFunction";

    private static readonly Lazy<Task<Build>> s_build = new(PublishAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static async Task<string> PathAsync() => (await s_build.Value).Binary;

    /// <summary>What <c>make</c> printed (null when <c>HB_BOOTSTRAP</c> gave the binary).</summary>
    public static async Task<string?> BuildOutputAsync() => (await s_build.Value).Output;

    public static string RepositoryRoot()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !File.Exists(Path.Combine(folder, "Functions.sln")))
        {
            folder = Path.GetDirectoryName(folder);
        }

        return folder ?? throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<Build> PublishAsync()
    {
        if (Environment.GetEnvironmentVariable("HB_BOOTSTRAP") is { Length: > 0 } given)
        {
            return File.Exists(given) ? new Build(given, null) : throw new FileNotFoundException("HB_BOOTSTRAP does not exist", given);
        }

        string output = Path.Combine(Path.GetTempPath(), $"hb-bootstrap-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("make")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltTarget);
        start.ArgumentList.Add($"ARTIFACTS_DIR={output}");

        using Process make = Process.Start(start)!;
        Task<string> stdout = make.StandardOutput.ReadToEndAsync();
        Task<string> stderr = make.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await make.WaitForExitAsync(limit.Token);
        string binary = Path.Combine(output, "bootstrap");
        string printed = $"{await stdout}\n{await stderr}";
        if (make.ExitCode != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"make {BuiltTarget} failed ({make.ExitCode}):\n{printed}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(output, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return new Build(binary, printed);
    }

    private sealed record Build(string Binary, string? Output);
}
