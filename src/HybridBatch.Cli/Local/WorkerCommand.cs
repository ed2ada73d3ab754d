namespace HybridBatch.Cli.Local;

/// <summary>
/// How to start <c>hybridbatch</c> as a child process (the Batch route runs chunks that way locally): this
/// executable when it is <c>hybridbatch</c>, else the one built next to this assembly.
/// </summary>
internal static class WorkerCommand
{
    public static (string FileName, IReadOnlyList<string> Prefix) Resolve()
    {
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "hybridbatch")
        {
            return (current, []);
        }

        string appHost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "hybridbatch.exe" : "hybridbatch");
        if (File.Exists(appHost))
        {
            return (appHost, []);
        }

        string assembly = Path.Combine(AppContext.BaseDirectory, "hybridbatch.dll");
        if (File.Exists(assembly))
        {
            return (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [assembly]);
        }

        throw new InvalidOperationException($"cannot find the hybridbatch executable next to {AppContext.BaseDirectory}");
    }
}
