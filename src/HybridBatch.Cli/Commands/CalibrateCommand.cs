using System.Globalization;
using System.Runtime.InteropServices;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Adapters.Sqs;
using HybridBatch.Cli.Calibration;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Cli.Wiring;
using HybridBatch.Generation;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Settings;

namespace HybridBatch.Cli.Commands;

/// <summary>
/// <c>hybridbatch calibrate [--destination D] [--records N] [--out FILE]</c>: measures this build's records/s per
/// core on generated orders (scan, split, a chunk worker into each destination it can reach, a process start) and
/// writes them as the cost model's options (<see cref="CostModelFile"/>), which <c>plan</c> and <c>run</c> then use.
/// </summary>
internal static class CalibrateCommand
{
    private const long DefaultRecords = 500_000;

    public static async Task<int> ExecuteAsync(CommandArguments args, CliConsole console, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        long records = args.Long("records") ?? DefaultRecords;
        string? only = args.Text("destination");
        string outFile = Path.GetFullPath(args.Text("out") ?? Path.Combine("out", CostModelFile.FileName));
        args.EnsureNoneLeft();
        if (records is < 1_000 or > int.MaxValue)
        {
            throw new UsageException($"calibrate: --records must be from 1000 to {int.MaxValue}, got {records}");
        }

        (IReadOnlyList<string> destinations, string? skipped) = Reachable(only, environment);
        string? outFolder = Path.GetDirectoryName(outFile);
        LocalPaths.OutputFolder("calibrate", "--out", outFolder!);

        string folder = Path.Combine(Path.GetTempPath(), $"hybridbatch-calibrate-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            string file = Path.Combine(folder, "orders.jsonl");
            GenerationSummary generated = GenerateCommand.Generate("orders", file, records, new GeneratorOptions { Seed = 7 });
            console.Log.WriteLine(Invariant($"Generated {generated.Records:N0} orders, {generated.Bytes / 1e6:N1} MB; measuring on one thread each"));
            var calibrator = new Calibrator(folder, file, RecordSchema.LoadSample("orders"));
            double scan = await calibrator.ScanAsync(records, cancellationToken).ConfigureAwait(false);
            double validate = 0;
            var publish = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (string destination in destinations)
            {
                (double splitRate, RunLayout layout) = await calibrator.SplitAsync(destination, records, cancellationToken).ConfigureAwait(false);
                validate = Math.Max(validate, splitRate);
                (LocalKafka? kafka, Func<string, string?> effective) = LocalKafka.StartIfNeeded(destination, environment, console.Log);
                using (kafka)
                {
                    publish[destination] = await calibrator.PublishAsync(destination, layout, effective, cancellationToken).ConfigureAwait(false);
                }
            }

            double startup = await Calibrator.ProcessStartupAsync(cancellationToken).ConfigureAwait(false);
            var options = new CostModelOptions
            {
                ScanRecordsPerSecondPerCore = Math.Round(scan),
                ValidateRecordsPerSecondPerCore = Math.Round(validate),
                ProcessRecordsPerSecondPerCore = Math.Round(publish.GetValueOrDefault("discard", publish.Values.Max())),
                PublishRecordsPerSecondPerCore = publish.ToDictionary(p => p.Key, p => Math.Round(p.Value), StringComparer.Ordinal),
                ProcessStartupSeconds = Math.Round(startup, 3),
                Calibration = new CostCalibration
                {
                    MeasuredAt = DateTimeOffset.UtcNow,
                    Machine = Invariant($"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}"),
                    Cores = Environment.ProcessorCount,
                    Records = records,
                    Destinations = [.. publish.Keys],
                    Note = skipped,
                },
            };
            await File.WriteAllBytesAsync(outFile, CostModelFile.Write(options), cancellationToken).ConfigureAwait(false);

            TextWriter output = console.Out;
            output.WriteLine(Invariant($"{"measure",-22} {"records/s per core",18}"));
            output.WriteLine(Invariant($"{"scan",-22} {scan,18:N0}"));
            output.WriteLine(Invariant($"{"validate (split)",-22} {validate,18:N0}"));
            foreach ((string destination, double rate) in publish)
            {
                output.WriteLine(Invariant($"{(destination == "discard" ? "process (discard)" : "process -> " + destination),-22} {rate,18:N0}"));
            }

            output.WriteLine(Invariant($"{"process start",-22} {startup,16:F3} s"));
            if (skipped is not null)
            {
                output.WriteLine($"not measured: {skipped}");
            }

            output.WriteLine($"Cost model: {outFile} (plan and run read it from their --out folder's {CostModelFile.FileName}, or --cost-model FILE)");
            return ExitCodes.Success;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The destinations to measure, and what was left out and why.</summary>
    private static (IReadOnlyList<string> Destinations, string? Skipped) Reachable(string? only, Func<string, string?> environment)
    {
        if (only is not null)
        {
            Destinations.Check("calibrate", only);
            if (only == "stdout")
            {
                throw new UsageException("calibrate: --destination stdout would write the records over the results; use file or discard");
            }

            return (only == "discard" ? ["discard"] : ["discard", only], null);
        }

        // SQS only where an endpoint and queue are configured: this machine has no SQS of its own.
        return new SettingsReader(environment).Text(SqsSinkOptions.QueueVariable) is null
            ? (["discard", "file", KafkaSinkFactory.Name], $"{SqsSinkFactory.Name} ({SqsSinkOptions.QueueVariable} is not set)")
            : (["discard", "file", KafkaSinkFactory.Name, SqsSinkFactory.Name], null);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
