using System.Globalization;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Bench;

/// <summary>
/// <c>hybridbatch bench --destination kafka</c>: the Kafka sink next to kcat on the same records and mock cluster,
/// interleaved repetition by repetition. kcat runs several ways per repetition when it can: as packaged with the sink's
/// three headers (the like-for-like run the target is judged on: messages of the same size), as packaged with only the
/// two fixed headers (kcat's lightest run, shown for reference), and on HybridBatch's own librdkafka build. Rates are the
/// best of the repetitions; each ratio is the median of the repetitions' own ratios, so that a slow moment of the
/// machine counts against both sides of one pair, not against one.
/// </summary>
public static class KafkaBenchRun
{
    private const double TargetShareOfKcat = 0.8;

    public static async Task RunAsync(EngineBench bench, string file, string folder, int repetitions, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        (_, SplitOutcome outcome) = await bench.SplitAsync(cancellationToken).ConfigureAwait(false);
        using var kafka = new KafkaBench();
        KcatInput input = await KafkaBench.WriteKcatInputAsync(file, folder, cancellationToken).ConfigureAwait(false);
        // Installed first, so that the check of kcat on HybridBatch's build below finds it.
        bool haveKcat = await KafkaBench.EnsureKcatAsync(cancellationToken).ConfigureAwait(false);
        (List<KcatBaseline> baselines, string baselinesNote) = haveKcat
            ? await BaselinesAsync(folder, cancellationToken).ConfigureAwait(false)
            : ([], "kcat not found (apt-get install kcat): baselines skipped");
        var publish = new List<double>();
        var chunkStarts = new List<TimeSpan>();
        var process = new List<double>();
        string? kcatFailure = null;
        for (int i = 0; i < repetitions; i++)
        {
            (double rate, TimeSpan chunkStart) = await kafka.PublishOnlyAsync(file, cancellationToken).ConfigureAwait(false);
            publish.Add(rate);
            chunkStarts.Add(chunkStart);
            process.Add(await kafka.HybridBatchAsync(file, RecordSchema.LoadSample("orders"), outcome, cancellationToken).ConfigureAwait(false));
            foreach (KcatBaseline baseline in baselines)
            {
                (double? kcatRate, string? error) = await kafka.KcatAsync(input, baseline.Library, baseline.Headers, cancellationToken).ConfigureAwait(false);
                baseline.Rates.Add(kcatRate);
                kcatFailure ??= error;
            }

            log.WriteLine(Invariant($"repetition {i + 1}: publish {publish[i]:N0} (chunk start {chunkStart.TotalMilliseconds:F0} ms), process {process[i]:N0}{string.Concat(baselines.Select(baseline => Invariant($", {baseline.ShortName} {baseline.Rates[i]:N0}")))} msg/s"));
        }

        output.WriteLine(Invariant($"{"measure",-18} {"HybridBatch",16} {"kcat",16} {"ratio",8}  {"target",12}  kcat"));
        foreach ((string name, List<double> rates, bool targeted) in new[] { ("publish->kafka", publish, true), ("process->kafka", process, false) })
        {
            if (baselines.Count == 0)
            {
                output.WriteLine(Invariant($"{name,-18} {rates.Max(),8:N0} msg/s {"-",16} {"-",8}  {"-",12}  -"));
            }

            foreach (KcatBaseline baseline in baselines)
            {
                output.WriteLine(MedianRatio(rates.Select(rate => (double?)rate).ToList(), baseline.Rates) is double ratio
                    ? Invariant($"{name,-18} {rates.Max(),8:N0} msg/s {baseline.Rates.Max(),8:N0} msg/s {ratio,7:F2}x  {Verdict(targeted && baseline.Targeted, ratio),12}  {baseline.Name}")
                    : Invariant($"{name,-18} {rates.Max(),8:N0} msg/s {"-",16} {"-",8}  {"-",12}  {baseline.Name}"));
            }
        }

        if (baselines.FirstOrDefault(baseline => baseline.Library is not null) is KcatBaseline onOurs
            && MedianRatio(onOurs.Rates, baselines[0].Rates) is double builds)
        {
            output.WriteLine(Invariant($"builds: kcat on librdkafka {onOurs.Version} ({onOurs.Library!.Build}) reaches {builds:F2}x of kcat on its packaged librdkafka {baselines[0].Version}"));
        }

        output.WriteLine(Invariant($"chunk start: {Median(chunkStarts.Select(start => start.TotalMilliseconds)):F0} ms median (producer, cluster connection, InitTransactions, BeginTransaction; inside publish's time)"));
        output.WriteLine($"kcat: {kcatFailure ?? (baselines.Count == 0 ? "" : KafkaBench.KcatSettings)}{baselinesNote}");
        output.WriteLine($"librdkafka: HybridBatch {KafkaSinkFactory.LibrdkafkaDescription()}; KAFKA_LIBRDKAFKA=PATH makes the producer use another build");
        output.WriteLine(Invariant($"rates: best of {repetitions}; ratio: median of the {repetitions} interleaved pairs; publish: prepared messages through the Kafka sink, one transaction; process: read + validate + build + publish; target: publish >= {TargetShareOfKcat:P0} of kcat with the same three headers"));
    }

    private static string Verdict(bool targeted, double ratio) =>
        !targeted ? "-" : ratio >= TargetShareOfKcat ? "target met" : "below target";

    /// <summary>The median of the repetitions' own ratios, over the repetitions where both sides have a rate; null if none.</summary>
    public static double? MedianRatio(IReadOnlyList<double?> ours, IReadOnlyList<double?> theirs) =>
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
    /// The kcat runs of each repetition: as packaged with the sink's three headers (judged against the target) and with
    /// the two fixed ones, then on the producer's librdkafka build when the packaged kcat uses another build and kcat can
    /// be made to load it (otherwise the note says why that run is left out).
    /// </summary>
    private static async Task<(List<KcatBaseline> Baselines, string Note)> BaselinesAsync(string folder, CancellationToken cancellationToken)
    {
        string packagedVersion = await KafkaBench.KcatLibrdkafkaAsync(null, cancellationToken).ConfigureAwait(false) ?? "?";
        string ours = KafkaSinkFactory.LibrdkafkaFile();
        string? packaged = await KcatLibrary.PackagedAsync(cancellationToken).ConfigureAwait(false);
        bool sameBuild = packaged is not null && KcatLibrary.SameBuild(ours, packaged);
        string packagedName = $"kcat as packaged, librdkafka {packagedVersion}{(sameBuild ? " (HybridBatch's build too)" : "")}";
        var baselines = new List<KcatBaseline>
        {
            // First: the builds line compares the other build with this one.
            new($"{packagedName}, the sink's 3 headers (recordIndex fixed)", "kcat", packagedVersion, null, KcatHeaders.SameThree, Targeted: true),
            new($"{packagedName}, 2 fixed headers only", "kcat 2 headers", packagedVersion, null, KcatHeaders.FixedTwo, Targeted: false),
        };
        if (sameBuild)
        {
            return (baselines, "");
        }

        if (KcatLibrary.For(ours, folder) is not KcatLibrary library)
        {
            return (baselines, $"; kcat cannot be run on {ours}");
        }

        string? loaded = await KafkaBench.KcatLibrdkafkaAsync(library, cancellationToken).ConfigureAwait(false);
        if (loaded != KafkaSinkFactory.LibrdkafkaVersion())
        {
            return (baselines, $"; kcat on {ours} reported librdkafka {loaded ?? "nothing"}, not {KafkaSinkFactory.LibrdkafkaVersion()}: that row is left out");
        }

        baselines.Add(new($"kcat on HybridBatch's librdkafka {loaded}, the sink's 3 headers", "kcat on HybridBatch's build", loaded, library, KcatHeaders.SameThree, Targeted: false));
        return (baselines, "");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One way of running kcat, and its rate in each repetition (null when that run failed).</summary>
public sealed record KcatBaseline(string Name, string ShortName, string Version, KcatLibrary? Library, KcatHeaders Headers, bool Targeted)
{
    public List<double?> Rates { get; } = [];
}
