using System.Text;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Bench;
using HybridBatch.MockKafka;

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

    [Theory]
    [InlineData(true, "runId,recordIndex,source")]
    [InlineData(false, "runId,source")]
    public async Task Kcat_sends_the_records_keys_and_the_headers_its_baseline_names(bool sinksThreeHeaders, string names)
    {
        KcatHeaders headers = sinksThreeHeaders ? KcatHeaders.SameThree : KcatHeaders.FixedTwo;
        Assert.True(await KafkaBench.EnsureKcatAsync(CancellationToken.None), "kcat is neither installed nor installable (apt-get install kcat)");
        string records = _folder.File("records.jsonl");
        File.WriteAllLines(records, ["{\"id\":1}", "{\"id\":2}", "{\"id\":3}"]);
        KcatInput input = await KafkaBench.WriteKcatInputAsync(records, _folder.Path, CancellationToken.None);
        using var cluster = MockKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("kcat", partitions: 1);
        string[] arguments = KafkaBench.KcatArguments(cluster.BootstrapServers, "kcat", input, headers);

        (int exitCode, _, string errors) = (await ToolRun.RunAsync(ToolRun.Start("kcat", arguments), CancellationToken.None))!.Value;
        IReadOnlyList<ConsumedMessage> messages = cluster.ReadBack("kcat", TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 0, errors);
        Assert.Equal(["bench:0", "bench:1", "bench:2"], messages.Select(message => Encoding.UTF8.GetString(message.Key)));
        Assert.Equal(File.ReadAllLines(records), messages.Select(message => Encoding.UTF8.GetString(message.Value)));
        Assert.All(messages, message =>
        {
            Assert.Equal(names.Split(',').Order(), message.Headers.Keys.Order());
            Assert.Equal("bench", message.Headers["runId"]);
            Assert.Equal(records, message.Headers["source"]);
        });
        if (headers == KcatHeaders.SameThree)
        {
            // kcat cannot vary a header: every message carries the last record's index, the widest value.
            Assert.All(messages, message => Assert.Equal("2", message.Headers["recordIndex"]));
        }
    }

    public void Dispose() => _folder.Dispose();
}
