using System.Diagnostics;
using HybridBatch.Adapters.Tests.Support;

namespace HybridBatch.Cli.Tests.Parquet;

/// <summary>
/// The reference Parquet files, written at test time by DuckDB (test/fixtures/parquet, installed from its lock
/// file) into a temporary folder, with the JSON DuckDB reads back from them. Nothing binary is committed.
/// </summary>
/// <remarks>
/// Written once per test process and shared by every class that takes this fixture (the tests only read the files):
/// each class fixture used to start node and DuckDB again for the same seeded output. The folder goes when the
/// process exits.
/// </remarks>
public sealed class ParquetReferenceFiles : IAsyncLifetime
{
    private static readonly Lazy<Task<Written>> s_written = new(WriteAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private Written? _written;

    public string Folder => Files.Folder.Path;

    public string File(string name) => Files.Folder.File(name);

    /// <summary>Rows per row group DuckDB was asked for (it cuts on whole vectors of 2,048 rows).</summary>
    public int[] RowGroups => Files.RowGroups;

    private Written Files => _written ?? throw new InvalidOperationException("the reference files are not written yet");

    public async Task InitializeAsync() => _written = await s_written.Value;

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<Written> WriteAsync()
    {
        var folder = new TempFolder();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                folder.Dispose();
            }
            catch (IOException)
            {
            }
        };

        string fixture = Repository.File(Path.Combine("test", "fixtures", "parquet"));
        await NpmPackages.EnsureInstalledAsync(fixture, TimeSpan.FromMinutes(5));
        var start = new ProcessStartInfo("node") { WorkingDirectory = fixture, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "generate.mjs", folder.Path, "6000", "2048" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process node = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        Task<string> stdout = node.StandardOutput.ReadToEndAsync();
        Task<string> stderr = node.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(deadline.Token);
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"generate.mjs failed ({node.ExitCode}): {await stdout}\n{await stderr}");
        }

        int[] rowGroups = System.Text.Json.JsonSerializer.Deserialize<int[]>(await System.IO.File.ReadAllTextAsync(folder.File("row-groups.json")))!;
        return new Written(folder, rowGroups);
    }

    private sealed record Written(TempFolder Folder, int[] RowGroups);
}
