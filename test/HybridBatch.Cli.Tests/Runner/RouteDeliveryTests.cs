using System.Globalization;
using System.Text.Json;
using HybridBatch.Cli.Local;

namespace HybridBatch.Cli.Tests.Runner;

/// <summary>
/// Issue 15, item 7: every local destination works on both routes. A run with Batch-route chunks (child processes)
/// and a Lambda-route chunk (in process) delivers every valid record exactly once to <c>file</c> and to
/// <c>stdout</c> (the workers' messages relayed through the runner, whole lines, each chunk's in record order, and no
/// status line among them), and <c>discard</c> accounts for all of them.
/// </summary>
public sealed class RouteDeliveryTests : IDisposable
{
    private const int Records = 20000;
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("file")]
    [InlineData("stdout")]
    [InlineData("discard")]
    public async Task Each_local_destination_gets_every_valid_record_from_both_routes(string destination)
    {
        string input = _folder.File("orders.jsonl");
        (int generated, _, string generateLog) = await CliRunner.RunAsync("generate", "--records", Records.ToString(CultureInfo.InvariantCulture), "--invalid-rate", "0.01", "--seed", "21", "--out", input);
        Assert.True(generated == 0, generateLog);
        string output = _folder.File("out");
        (string fileName, IReadOnlyList<string> prefix) = WorkerCommand.Resolve();

        // Chunks of 3,000 records go to Batch (> 2,500), the last one of 2,000 to Lambda.
        (int exitCode, string stdout, string log) = await ChildProcess.RunAsync(fileName,
            [.. prefix, "run", input, "--schema", "orders", "--destination", destination, "--chunk-records", "3000", "--threshold", "2500", "--out", output],
            _folder.Path, HermeticEnvironment.With(), TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, log);
        string runFolder = Assert.Single(RunFiles.RunFolders(output));
        using JsonDocument report = RunFiles.Report(runFolder);
        JsonElement routes = report.RootElement.GetProperty("routes");
        Assert.Equal(6, routes.GetProperty("batch").GetProperty("chunks").GetInt32());
        Assert.Equal(1, routes.GetProperty("lambda").GetProperty("chunks").GetInt32());
        HashSet<long> valid = ValidIndexes(runFolder);
        Assert.Equal(valid.Count, report.RootElement.GetProperty("published").GetInt64());

        IReadOnlyList<string> delivered = destination switch
        {
            "file" => RunFiles.OutputLines(runFolder),
            "stdout" => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            _ => [],
        };
        if (destination == "discard")
        {
            Assert.DoesNotContain("\"recordIndex\"", stdout);
            return;
        }

        List<long> indexes = RunFiles.Identities(delivered).Select(i => long.Parse(i[(i.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(valid.Count, indexes.Count);
        Assert.True(valid.SetEquals(indexes), $"{destination}: delivered records are not the valid ones");
        // Within each chunk, its messages arrive in record order.
        foreach (IGrouping<long, long> chunk in indexes.GroupBy(i => i / 3000))
        {
            Assert.Equal(chunk.Order(), chunk);
        }
    }

    // Every record index the split did not reject.
    private static HashSet<long> ValidIndexes(string runFolder)
    {
        var rejected = File.ReadLines(Path.Combine(runFolder, "rejects.jsonl"))
            .Select(line => { using JsonDocument reject = JsonDocument.Parse(line); return reject.RootElement.GetProperty("index").GetInt64(); })
            .ToHashSet();
        return Enumerable.Range(0, Records).Select(i => (long)i).Where(i => !rejected.Contains(i)).ToHashSet();
    }

    public void Dispose() => _folder.Dispose();
}
