using System.Diagnostics;
using HybridBatch.Adapters.Storage;
using HybridBatch.Bench;
using HybridBatch.Cli.Local;
using HybridBatch.Cli.Wiring;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Validation;

namespace HybridBatch.Cli.Calibration;

/// <summary>
/// Measures this build on this machine, one thread each, as <c>run</c> does the work: the scan (read and count
/// lines), the split (<see cref="SplitRun"/>, whole file as one chunk), a chunk worker (<see cref="ProcessChunkRun"/>)
/// into each destination, and the start of a <c>hybridbatch</c> process.
/// </summary>
internal sealed class Calibrator(string folder, string file, RecordSchema schema)
{
    private readonly LocalObjectStore _store = new();

    /// <summary>Records/s of reading the file and counting its lines.</summary>
    public async Task<double> ScanAsync(long records, CancellationToken cancellationToken)
    {
        double megabytesPerSecond = await new EngineBench(file, schema).ReadAndCountLinesAsync(cancellationToken).ConfigureAwait(false);
        return megabytesPerSecond * 1e6 / ((double)new FileInfo(file).Length / records);
    }

    /// <summary>Splits the file into a fresh work folder as one chunk; records/s of the split, and the plan's layout.</summary>
    public async Task<(double RecordsPerSecond, RunLayout Layout)> SplitAsync(string name, long records, CancellationToken cancellationToken)
    {
        string work = Path.Combine(folder, "work-" + name);
        Directory.CreateDirectory(work);
        var source = new ObjectLocation(Path.GetDirectoryName(file)!, Path.GetFileName(file));
        ObjectInfo info = await _store.StatAsync(source, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"calibrate: the generated file {file} is gone");
        var split = new SplitRun(_store, (s, layout) => new TempFileChunkStaging(s, layout), TimeProvider.System);
        var options = new SplitOptions { ChunkRecords = (int)Math.Min(int.MaxValue, records) };
        SplitResult result = await split.ExecuteAsync(new SplitRequest(source, schema, InputFormat.JsonLines, work, options, new GateOptions())
        {
            ExpectedVersion = info.Version,
            StageChunks = false,
        }, cancellationToken).ConfigureAwait(false);
        if (result.Summary.ValidRecords != records)
        {
            throw new InvalidOperationException($"calibrate: the generated orders failed validation ({result.Summary.RejectedRecords} rejected)");
        }

        return (records / result.Report.DurationSeconds, new RunLayout(work, result.Summary.RunId));
    }

    /// <summary>Records/s of one chunk worker publishing the whole file to <paramref name="destination"/>.</summary>
    public async Task<double> PublishAsync(string destination, RunLayout layout, Func<string, string?> destinationEnvironment, CancellationToken cancellationToken)
    {
        string output = Path.Combine(folder, "records-" + destination);
        Directory.CreateDirectory(output);
        IRecordSinkFactory sinks = Destinations.Create(destination, destinationEnvironment, output);
        using var owned = sinks as IDisposable;
        var run = new ProcessChunkRun(_store, sinks, new ProcessOptions(), TimeProvider.System);
        ChunkResult result = await run.ExecuteAsync(new ProcessChunkRequest
        {
            WorkBucket = layout.WorkBucket,
            RunId = layout.RunId,
            ChunkId = 0,
            Route = Route.Lambda,
            Worker = "calibrate",
            ProgressInterval = TimeSpan.FromSeconds(5),
        }, cancellationToken).ConfigureAwait(false);
        if (result.Status != ChunkStatus.Succeeded)
        {
            throw new InvalidOperationException($"calibrate: publishing to {destination} failed: {result.ErrorType}: {result.Error}");
        }

        return result.Published / result.DurationSeconds;
    }

    /// <summary>Seconds from starting <c>hybridbatch help</c> to its exit: the start every local worker pays. Best of three.</summary>
    public static async Task<double> ProcessStartupAsync(CancellationToken cancellationToken)
    {
        (string fileName, IReadOnlyList<string> prefix) = WorkerCommand.Resolve();
        double best = double.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in prefix.Append("help"))
            {
                start.ArgumentList.Add(argument);
            }

            var clock = Stopwatch.StartNew();
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"calibrate: cannot start {fileName}");
            Task<string> drainOut = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> drainErr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(drainOut, drainErr).ConfigureAwait(false);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return best;
    }

}
