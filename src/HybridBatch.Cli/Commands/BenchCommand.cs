using System.Globalization;
using HybridBatch.Cli.Bench;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Generation;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Cli.Commands;

/// <summary>
/// <c>hybridbatch bench</c>: generates orders JSON Lines (~200-byte records) and measures split+validate (MB/s)
/// and process→discard (records/s) on one thread, each next to a baseline measured in the same run: reading
/// the file and counting lines, and the same processing in plain Python. Best of several repetitions.
/// </summary>
internal static class BenchCommand
{
    private const double SplitTargetMegabytesPerSecond = 500;
    private const double ProcessTargetRecordsPerSecond = 1_000_000;
    private const double KafkaTargetShareOfKcat = 0.8;

    public static async Task<int> ExecuteAsync(CommandArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        long records = args.Long("records") ?? 1_000_000;
        long pythonRecords = args.Long("python-records") ?? 200_000;
        int repetitions = args.Int("repetitions") ?? 3;
        bool keep = args.Flag("keep");
        string destination = args.Text("destination", "discard");
        args.EnsureNoneLeft(maxPositional: 0);
        if (records < 1 || pythonRecords < 1 || repetitions < 1)
        {
            throw new UsageException("bench: --records, --python-records and --repetitions must be at least 1");
        }

        if (destination is not ("discard" or "kafka"))
        {
            throw new UsageException($"bench: --destination must be discard or kafka, got '{destination}'");
        }

        string folder = Path.Combine(Path.GetTempPath(), $"hybridbatch-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            string file = Path.Combine(folder, "orders.jsonl");
            GenerationSummary generated = GenerateCommand.Generate("orders", file, records, new GeneratorOptions { Seed = 7 });
            console.Log.WriteLine(Invariant($"Generated {generated.Records:N0} orders, {generated.Bytes / 1e6:N1} MB ({(double)generated.Bytes / generated.Records:N0} bytes per record); best of {repetitions} runs each, one thread"));
            var bench = new EngineBench(file, RecordSchema.LoadSample("orders"));
            if (destination == "kafka")
            {
                return await KafkaAsync(bench, file, folder, repetitions, console, cancellationToken).ConfigureAwait(false);
            }

            double scan = 0, split = 0, process = 0;
            SplitOutcome? outcome = null;
            for (int i = 0; i < repetitions; i++)
            {
                scan = Math.Max(scan, await bench.ReadAndCountLinesAsync(cancellationToken).ConfigureAwait(false));
                (double megabytes, outcome) = await bench.SplitAsync(cancellationToken).ConfigureAwait(false);
                split = Math.Max(split, megabytes);
                process = Math.Max(process, await bench.ProcessToDiscardAsync(outcome, cancellationToken).ConfigureAwait(false));
            }

            if (outcome!.ValidRecords != generated.Records)
            {
                throw new InvalidOperationException($"bench data failed validation: {outcome.RejectedRecords} rejected");
            }

            (double? python, string pythonNote) = await PythonBaseline.MeasureAsync(file, Math.Min(pythonRecords, records), folder, cancellationToken).ConfigureAwait(false);
            TextWriter output = console.Out;
            output.WriteLine(Invariant($"{"measure",-18} {"HybridBatch",16} {"baseline",16} {"ratio",8}  {"target",12}  baseline"));
            output.WriteLine(Invariant($"{"split+validate",-18} {split,11:N0} MB/s {scan,11:N0} MB/s {split / scan,7:F2}x  {Met(split, SplitTargetMegabytesPerSecond),12}  read the same file and count lines (C#)"));
            output.WriteLine(python is double p
                ? Invariant($"{"process->discard",-18} {process,8:N0} rec/s {p,8:N0} rec/s {process / p,7:F1}x  {Met(process, ProcessTargetRecordsPerSecond),12}  {pythonNote}")
                : Invariant($"{"process->discard",-18} {process,8:N0} rec/s {"-",16} {"-",8}  {Met(process, ProcessTargetRecordsPerSecond),12}  {pythonNote}"));
            output.WriteLine(Invariant($"targets: split+validate >= {SplitTargetMegabytesPerSecond:N0} MB/s, process->discard >= {ProcessTargetRecordsPerSecond:N0} records/s, on one core"));
            return ExitCodes.Success;
        }
        finally
        {
            if (!keep)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<int> KafkaAsync(EngineBench bench, string file, string folder, int repetitions, CliConsole console, CancellationToken cancellationToken)
    {
        (_, SplitOutcome outcome) = await bench.SplitAsync(cancellationToken).ConfigureAwait(false);
        using var kafka = new KafkaBench();
        double publish = 0, process = 0;
        double? kcat = null;
        string note = "";
        for (int i = 0; i < repetitions; i++)
        {
            publish = Math.Max(publish, await kafka.PublishOnlyAsync(file, cancellationToken).ConfigureAwait(false));
            process = Math.Max(process, await kafka.HybridBatchAsync(file, RecordSchema.LoadSample("orders"), outcome, cancellationToken).ConfigureAwait(false));
            (double? rate, note) = await kafka.KcatAsync(file, folder, cancellationToken).ConfigureAwait(false);
            kcat = rate is double r ? Math.Max(kcat ?? 0, r) : kcat;
        }

        console.Out.WriteLine(Invariant($"{"measure",-18} {"HybridBatch",16} {"kcat",16} {"ratio",8}  {"target",12}"));
        foreach ((string name, double rate, bool targeted) in new[] { ("publish->kafka", publish, true), ("process->kafka", process, false) })
        {
            console.Out.WriteLine(kcat is double k
                ? Invariant($"{name,-18} {rate,8:N0} msg/s {k,8:N0} msg/s {rate / k,7:F2}x  {(!targeted ? "-" : rate >= KafkaTargetShareOfKcat * k ? "target met" : "below target"),12}")
                : Invariant($"{name,-18} {rate,8:N0} msg/s {"-",16} {"-",8}  {"-",12}"));
        }

        console.Out.WriteLine($"kcat: {note}");
        string kcatLibrary = await KafkaBench.KcatLibrdkafkaAsync(cancellationToken).ConfigureAwait(false) is string v ? $"librdkafka {v} (the system's)" : "unknown";
        console.Out.WriteLine($"librdkafka: HybridBatch {KafkaSinkFactory.LibrdkafkaDescription()}, kcat {kcatLibrary}; KAFKA_LIBRDKAFKA=PATH makes the producer use another build");
        console.Out.WriteLine(Invariant($"publish: prepared messages through the Kafka sink, one transaction; process: read + validate + build + publish; target: publish >= {KafkaTargetShareOfKcat:P0} of kcat"));
        return ExitCodes.Success;
    }

    private static string Met(double value, double target) => value >= target ? "target met" : "below target";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
