using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HybridBatch.Adapters.Storage;
using HybridBatch.Cli.Local;
using HybridBatch.Core;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Validation;

namespace HybridBatch.Bench;

/// <summary>
/// One <c>hybridbatch plan</c> or <c>run</c> started as a child process and timed from the outside, process start
/// included, as a user would time it; what it found is read back from the run folder it wrote.
/// </summary>
public sealed record ChildCommandRun(double Seconds, ValidationReport Validation, RunReport? Report, IReadOnlyDictionary<long, string> Rejects)
{
    /// <summary>
    /// Runs <c>hybridbatch {command} {file} --schema {schemaFile} --out {outFolder}</c> plus <paramref name="options"/>,
    /// reads its validation (and, for run, its report) and removes <paramref name="outFolder"/>. A child that does not
    /// exit 0 fails the bench with its exit code and last error line: a figure from a failed run means nothing.
    /// </summary>
    public static async Task<ChildCommandRun> RunAsync(string command, string file, string schemaFile, string outFolder, IEnumerable<string> options, CancellationToken cancellationToken)
    {
        (string executable, IReadOnlyList<string> prefix) = WorkerCommand.Resolve();
        ProcessStartInfo start = ToolRun.Start(executable, [.. prefix, command, file, "--schema", schemaFile, "--out", outFolder, .. options]);
        try
        {
            var clock = Stopwatch.StartNew();
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            Task<string> errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            double seconds = clock.Elapsed.TotalSeconds;
            await output.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                string last = (await errors.ConfigureAwait(false)).Trim().Split('\n')[^1];
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"bench: 'hybridbatch {command} {file} --schema {schemaFile}' exited {process.ExitCode}: {last}"));
            }

            RunLayout layout = Layout(outFolder, command);
            return new ChildCommandRun(
                seconds,
                Read(LocalObjectStore.PathOf(layout.Validation), HybridBatchJson.Default.ValidationReport),
                command == "run" ? Read(LocalObjectStore.PathOf(layout.Report), HybridBatchJson.Default.RunReport) : null,
                ReadRejects(LocalObjectStore.PathOf(layout.Rejects)));
        }
        finally
        {
            if (Directory.Exists(outFolder))
            {
                Directory.Delete(outFolder, recursive: true);
            }
        }
    }

    /// <summary>Records per second of the whole process (rejected records included, as the baselines count them).</summary>
    public double RecordsPerSecond => Validation.TotalRecords / Seconds;

    /// <summary>Input megabytes per second of the whole process.</summary>
    public double MegabytesPerSecond => Validation.Bytes / 1e6 / Seconds;

    /// <summary>The one run the child wrote into its fresh <paramref name="outFolder"/>.</summary>
    private static RunLayout Layout(string outFolder, string command)
    {
        string[] runs = Directory.GetDirectories(Path.Combine(outFolder, "runs"));
        return runs.Length == 1
            ? new RunLayout(outFolder, Path.GetFileName(runs[0]))
            : throw new InvalidOperationException($"bench: 'hybridbatch {command}' left {runs.Length} run folders in {outFolder}, expected one");
    }

    private static T Read<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(File.ReadAllBytes(path), type)
            ?? throw new InvalidOperationException($"bench: {path} is empty");

    /// <summary>Each rejected record's index with its field and reason, from the run's rejects.jsonl.</summary>
    private static Dictionary<long, string> ReadRejects(string path)
    {
        var rejects = new Dictionary<long, string>();
        foreach (string line in File.ReadLines(path))
        {
            using JsonDocument rejected = JsonDocument.Parse(line);
            JsonElement root = rejected.RootElement;
            rejects[root.GetProperty("index").GetInt64()] = $"{root.GetProperty("field").GetString()}: {root.GetProperty("reason").GetString()}";
        }

        return rejects;
    }
}
