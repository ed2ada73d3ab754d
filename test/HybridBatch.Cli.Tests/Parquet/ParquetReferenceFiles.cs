using System.Diagnostics;
using HybridBatch.Adapters.Tests.Support;

namespace HybridBatch.Cli.Tests.Parquet;

/// <summary>
/// The reference Parquet files, written at test time by DuckDB (test/fixtures/parquet, installed from its lock
/// file) into a temporary folder, with the JSON DuckDB reads back from them. Nothing binary is committed.
/// </summary>
public sealed class ParquetReferenceFiles : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public string Folder => _folder.Path;

    public string File(string name) => _folder.File(name);

    /// <summary>Rows per row group DuckDB was asked for (it cuts on whole vectors of 2,048 rows).</summary>
    public int[] RowGroups { get; private set; } = [];

    public async Task InitializeAsync()
    {
        string fixture = Repository.File(Path.Combine("test", "fixtures", "parquet"));
        await NpmPackages.EnsureInstalledAsync(fixture, TimeSpan.FromMinutes(5));
        var start = new ProcessStartInfo("node") { WorkingDirectory = fixture, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "generate.mjs", _folder.Path, "6000", "2048" })
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

        RowGroups = System.Text.Json.JsonSerializer.Deserialize<int[]>(await System.IO.File.ReadAllTextAsync(File("row-groups.json")))!;
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
