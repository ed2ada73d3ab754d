using HybridBatch.Adapters.Kafka;
using HybridBatch.Cli.Bench;

namespace HybridBatch.Cli.Tests;

/// <summary>The parts of <c>bench --destination kafka</c> that decide its verdict: the paired ratio and kcat's librdkafka.</summary>
public class KafkaBenchTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void The_ratio_is_the_median_of_the_pairs_own_ratios_not_a_ratio_of_best_rates()
    {
        // Best rates would give 100/100 = 1.0; the pairs give 0.5, 0.8 and 1.0.
        double? ratio = KafkaBenchRun.MedianRatio([50, 80, 100], [100, 100, 100]);

        Assert.Equal(0.8, ratio!.Value, 9);
    }

    [Fact]
    public void An_even_number_of_pairs_takes_the_mean_of_the_middle_two()
    {
        double? ratio = KafkaBenchRun.MedianRatio([60, 90, 70, 100], [100, 100, 100, 100]);

        Assert.Equal(0.8, ratio!.Value, 9);
    }

    [Fact]
    public void Repetitions_where_kcat_gave_no_rate_are_left_out_and_none_left_gives_no_ratio()
    {
        Assert.Equal(0.9, KafkaBenchRun.MedianRatio([10, 90, 20], [null, 100, 0])!.Value, 9);
        Assert.Null(KafkaBenchRun.MedianRatio([10, 20], [null, null]));
        Assert.Null(KafkaBenchRun.MedianRatio([], []));
    }

    [Fact]
    public void A_kcat_library_folder_links_the_soname_to_the_build_and_a_missing_build_gives_none()
    {
        string build = _folder.File("librdkafka-copy.so");
        File.WriteAllBytes(build, [1, 2, 3]);

        KcatLibrary library = KcatLibrary.For(build, _folder.File("kcat"))!;

        string link = Path.Combine(library.Folder, "librdkafka.so.1");
        Assert.Equal(Path.GetFullPath(build), new FileInfo(link).LinkTarget);
        Assert.True(KcatLibrary.SameBuild(link, build));
        Assert.Null(KcatLibrary.For(build + ".missing", _folder.File("kcat")));
    }

    [Fact]
    public void Builds_are_told_apart_by_content_not_by_name()
    {
        string first = _folder.File("a.so");
        string second = _folder.File("b.so");
        File.WriteAllBytes(first, [1, 2, 3]);
        File.WriteAllBytes(second, [1, 2, 4]);

        Assert.False(KcatLibrary.SameBuild(first, second));
    }

    [Fact]
    public async Task Kcat_run_on_the_producers_librdkafka_reports_that_build_s_version()
    {
        Assert.True(await KafkaBench.EnsureKcatAsync(CancellationToken.None), "kcat is neither installed nor installable (apt-get install kcat)");
        KcatLibrary library = KcatLibrary.For(KafkaSinkFactory.LibrdkafkaFile(), _folder.File("kcat"))!;

        string? version = await KafkaBench.KcatLibrdkafkaAsync(library, CancellationToken.None);

        Assert.Equal(KafkaSinkFactory.LibrdkafkaVersion(), version);
    }

    public void Dispose() => _folder.Dispose();
}
