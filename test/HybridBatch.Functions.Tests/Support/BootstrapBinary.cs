using System.Diagnostics;

namespace HybridBatch.Functions.Tests.Support;

/// <summary>
/// The real <c>bootstrap</c>, published with Native AOT once per test run into a temp folder (about a
/// minute), shared by every test that drives it. <c>HB_BOOTSTRAP</c> points at an already built binary instead.
/// </summary>
public static class BootstrapBinary
{
    private static readonly Lazy<Task<string>> s_path = new(PublishAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<string> PathAsync() => s_path.Value;

    public static string RepositoryRoot()
    {
        string? folder = AppContext.BaseDirectory;
        while (folder is not null && !File.Exists(Path.Combine(folder, "Functions.sln")))
        {
            folder = Path.GetDirectoryName(folder);
        }

        return folder ?? throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<string> PublishAsync()
    {
        if (Environment.GetEnvironmentVariable("HB_BOOTSTRAP") is { Length: > 0 } given)
        {
            return File.Exists(given) ? given : throw new FileNotFoundException("HB_BOOTSTRAP does not exist", given);
        }

        string output = Path.Combine(Path.GetTempPath(), $"hb-bootstrap-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "publish", "src/HybridBatch.Functions", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "-nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process publish = Process.Start(start)!;
        Task<string> stdout = publish.StandardOutput.ReadToEndAsync();
        Task<string> stderr = publish.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await publish.WaitForExitAsync(limit.Token);
        string binary = Path.Combine(output, "bootstrap");
        if (publish.ExitCode != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):\n{await stdout}\n{await stderr}");
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
        return binary;
    }
}
