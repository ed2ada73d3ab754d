using System.Globalization;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Cli.Bench;

/// <summary>
/// <c>hybridbatch bench --destination kafka</c>: the Kafka sink next to kcat on the same records and mock cluster,
/// interleaved repetition by repetition. kcat runs twice per repetition when it can: on HybridBatch's own librdkafka
/// build (the comparison that measures HybridBatch's publisher) and as packaged (the machine's reference, whose
/// librdkafka may be another version). Rates are the best of the repetitions; each ratio is the median of the
/// repetitions' own ratios, so that a slow moment of the machine counts against both sides of one pair, not against one.
/// </summary>
internal static class KafkaBenchRun
{
    private const double TargetShareOfKcat = 0.8;

    public static async Task RunAsync(EngineBench bench, string file, string folder, int repetitions, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        (_, SplitOutcome outcome) = await bench.SplitAsync(cancellationToken).ConfigureAwait(false);
        using var kafka = new KafkaBench();
        KcatInput input = await KafkaBench.WriteKcatInputAsync(file, folder, cancellationToken).ConfigureAwait(false);
        // Installed first, so that the check of kcat on HybridBatch's build below finds it.
        bool haveKcat = await KafkaBench.EnsureKcatAsync(cancellationToken).ConfigureAwait(false);
        (KcatLibrary? sameBuild, string sameBuildNote) = haveKcat
            ? await KcatOnOurBuildAsync(folder, cancellationToken).ConfigureAwait(false)
            : (null, "");
        var publish = new List<double>();
        var chunkStarts = new List<TimeSpan>();
        var process = new List<double>();
        var packaged = new List<double?>();
        var onOurs = new List<double?>();
        string note = "";
        for (int i = 0; i < repetitions; i++)
        {
            (double rate, TimeSpan chunkStart) = await kafka.PublishOnlyAsync(file, cancellationToken).ConfigureAwait(false);
            publish.Add(rate);
            chunkStarts.Add(chunkStart);
            process.Add(await kafka.HybridBatchAsync(file, RecordSchema.LoadSample("orders"), outcome, cancellationToken).ConfigureAwait(false));
            (double? kcatRate, note) = haveKcat
                ? await kafka.KcatAsync(input, librdkafka: null, cancellationToken).ConfigureAwait(false)
                : (null, "kcat not found (apt-get install kcat): baseline skipped");
            packaged.Add(kcatRate);
            if (sameBuild is not null)
            {
                (kcatRate, _) = await kafka.KcatAsync(input, sameBuild, cancellationToken).ConfigureAwait(false);
                onOurs.Add(kcatRate);
            }

            log.WriteLine(Invariant($"repetition {i + 1}: publish {publish[i]:N0} (chunk start {chunkStart.TotalMilliseconds:F0} ms), process {process[i]:N0}, kcat as packaged {packaged[i]:N0}{(sameBuild is null ? "" : Invariant($", kcat on HybridBatch's build {onOurs[i]:N0}"))} msg/s"));
        }

        string ours = KafkaSinkFactory.LibrdkafkaVersion();
        string theirs = await KafkaBench.KcatLibrdkafkaAsync(null, cancellationToken).ConfigureAwait(false) ?? "?";
        var baselines = new List<(string Name, List<double?> Rates)>();
        if (sameBuild is not null)
        {
            baselines.Add(($"kcat on HybridBatch's librdkafka {ours}", onOurs));
        }

        baselines.Add(($"kcat as packaged, librdkafka {theirs}{(sameBuild is null ? " (HybridBatch's build too)" : "")}", packaged));
        output.WriteLine(Invariant($"{"measure",-18} {"HybridBatch",16} {"kcat",16} {"ratio",8}  {"target",12}  kcat"));
        foreach ((string name, List<double> rates, bool targeted) in new[] { ("publish->kafka", publish, true), ("process->kafka", process, false) })
        {
            foreach ((string baseline, List<double?> kcat) in baselines)
            {
                output.WriteLine(MedianRatio(rates.Select(rate => (double?)rate).ToList(), kcat) is double ratio
                    ? Invariant($"{name,-18} {rates.Max(),8:N0} msg/s {kcat.Max(),8:N0} msg/s {ratio,7:F2}x  {(!targeted ? "-" : ratio >= TargetShareOfKcat ? "target met" : "below target"),12}  {baseline}")
                    : Invariant($"{name,-18} {rates.Max(),8:N0} msg/s {"-",16} {"-",8}  {"-",12}  {baseline}"));
            }
        }

        if (sameBuild is not null && MedianRatio(onOurs, packaged) is double builds)
        {
            output.WriteLine(Invariant($"builds: kcat on librdkafka {ours} ({sameBuild.Build}) reaches {builds:F2}x of kcat on its packaged librdkafka {theirs}"));
        }

        output.WriteLine(Invariant($"chunk start: {Median(chunkStarts.Select(start => start.TotalMilliseconds)):F0} ms median (producer, cluster connection, InitTransactions, BeginTransaction; inside publish's time)"));
        output.WriteLine($"kcat: {note}{sameBuildNote}");
        output.WriteLine($"librdkafka: HybridBatch {KafkaSinkFactory.LibrdkafkaDescription()}; KAFKA_LIBRDKAFKA=PATH makes the producer use another build");
        output.WriteLine(Invariant($"rates: best of {repetitions}; ratio: median of the {repetitions} interleaved pairs; publish: prepared messages through the Kafka sink, one transaction; process: read + validate + build + publish; target: publish >= {TargetShareOfKcat:P0} of kcat"));
    }

    /// <summary>The median of the repetitions' own ratios, over the repetitions where both sides have a rate; null if none.</summary>
    internal static double? MedianRatio(IReadOnlyList<double?> ours, IReadOnlyList<double?> theirs) =>
        Median(ours.Zip(theirs)
            .Where(pair => pair.First is not null && pair.Second is > 0)
            .Select(pair => pair.First!.Value / pair.Second!.Value));

    /// <summary>The middle value (the mean of the middle two for an even count), or null for none.</summary>
    private static double? Median(IEnumerable<double> values)
    {
        List<double> sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// kcat set up to run on the producer's librdkafka build, or null when the packaged kcat already uses that build or
    /// kcat cannot be made to load it (the note says why).
    /// </summary>
    private static async Task<(KcatLibrary? Library, string Note)> KcatOnOurBuildAsync(string folder, CancellationToken cancellationToken)
    {
        string ours = KafkaSinkFactory.LibrdkafkaFile();
        if (await KcatLibrary.PackagedAsync(cancellationToken).ConfigureAwait(false) is string packaged && KcatLibrary.SameBuild(ours, packaged))
        {
            return (null, "");
        }

        if (KcatLibrary.For(ours, folder) is not KcatLibrary library)
        {
            return (null, $"; kcat cannot be run on {ours}");
        }

        string? loaded = await KafkaBench.KcatLibrdkafkaAsync(library, cancellationToken).ConfigureAwait(false);
        return loaded == KafkaSinkFactory.LibrdkafkaVersion()
            ? (library, "")
            : (null, $"; kcat on {ours} reported librdkafka {loaded ?? "nothing"}, not {KafkaSinkFactory.LibrdkafkaVersion()}: that row is left out");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
