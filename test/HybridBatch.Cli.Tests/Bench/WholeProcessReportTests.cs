using HybridBatch.Bench;

namespace HybridBatch.Cli.Tests.Bench;

/// <summary>
/// The whole-process lines print ratios of the figures handed to them, one bench run's, and no ratio at all when a
/// baseline was not measured (never a remembered or default figure). No timing here: the figures are made up.
/// </summary>
public class WholeProcessReportTests
{
    // plan: 200 MB in 1 s = 200 MB/s; ajv: 200 MB in 4 s of its loop = 50 MB/s -> 4.00x, below the 5x target.
    // run: 1,000,000 records in 2 s = 500,000 rec/s; Python 40,000 rec/s -> 12.50x, target met.
    private static readonly WholeProcessFigures s_figures = new()
    {
        Records = 1_000_000,
        Bytes = 200_000_000,
        GeneratedInvalid = 1_000,
        PlanSeconds = 1,
        PlanSplitSeconds = 0.75,
        RunSeconds = 2,
        RunSplitSeconds = 0.8,
        RunReportSeconds = 1.9,
        Ajv = new AjvFigures(Records: 1_000_000, Valid: 999_000, Bytes: 200_000_000, LoopSeconds: 4, WallSeconds: 5),
        AjvNote = "ajv test",
        Verdicts = VerdictComparison.Compare(1_000_000, new Dictionary<long, string> { [7] = "quantity: below minimum" }, new Dictionary<long, string> { [7] = "/quantity must be >= 1" }),
        PythonRecordsPerSecond = 40_000,
        PythonNote = "python test",
    };

    [Fact]
    public void Each_ratio_is_the_quotient_of_this_runs_figures()
    {
        string[] lines = Print(s_figures);

        string plan = Assert.Single(lines, l => l.StartsWith("plan ", StringComparison.Ordinal));
        Assert.Contains("200 MB/s", plan);
        Assert.Contains("50 MB/s", plan);
        Assert.Contains("4.00x", plan);
        Assert.Contains("below target", plan);
        Assert.Contains("50 MB/s in its loop, 40 MB/s whole process", plan);
        string run = Assert.Single(lines, l => l.StartsWith("run->discard ", StringComparison.Ordinal));
        Assert.Contains("500,000 rec/s", run);
        Assert.Contains("40,000 rec/s", run);
        Assert.Contains("12.50x", run);
        Assert.Contains("target met", run);
        Assert.DoesNotContain(lines, l => l.StartsWith("run->file", StringComparison.Ordinal)); // no --large, no line
    }

    [Fact]
    public void A_baseline_not_measured_gives_no_ratio_and_says_why()
    {
        string[] lines = Print(s_figures with { Ajv = null, Verdicts = null, AjvNote = "node not found: ajv baseline skipped", PythonRecordsPerSecond = null, PythonNote = "python3 not found: baseline skipped" });

        string plan = Assert.Single(lines, l => l.StartsWith("plan ", StringComparison.Ordinal));
        Assert.Contains("not measured", plan);
        Assert.Contains("node not found", plan);
        Assert.DoesNotMatch(@"\d+\.\d+x", plan);
        string run = Assert.Single(lines, l => l.StartsWith("run->discard ", StringComparison.Ordinal));
        Assert.Contains("not measured", run);
        Assert.Contains("verdicts: not compared", string.Join('\n', lines));
    }

    [Fact]
    public void The_large_run_is_judged_against_ten_seconds()
    {
        string slow = Assert.Single(Print(s_figures with { Large = new LargeRun(10_000_000, 2_180_000_000, 12.34, SplitSeconds: 5.5, ReportSeconds: 11.9) }), l => l.StartsWith("run->file", StringComparison.Ordinal));
        string fast = Assert.Single(Print(s_figures with { Large = new LargeRun(10_000_000, 2_180_000_000, 9.5, SplitSeconds: 4, ReportSeconds: 9) }), l => l.StartsWith("run->file", StringComparison.Ordinal));

        Assert.Contains("12.3 s", slow);
        Assert.Contains("below target", slow);
        Assert.Contains("10,000,000 records", slow);
        Assert.Contains("target met", fast);
        Assert.Contains("split 5.5 s + chunks 6.4 s + the rest 0.4 s", slow);
    }

    [Fact]
    public void The_time_spent_splits_each_wall_time_into_split_chunks_and_the_rest()
    {
        Assert.Equal(
            "time spent: plan 1.00 s = split 0.75 s + the rest 0.25 s; run->discard 2.00 s = split 0.80 s + chunks 1.10 s + the rest 0.10 s",
            WholeProcessReport.TimeSpent(s_figures));
    }

    [Fact]
    public void Verdicts_that_agree_say_so_with_the_count()
    {
        Assert.Equal(
            "verdicts: ajv and HybridBatch agree on all 1,000,000 records: 1 invalid (the generator made 1,000 invalid)",
            WholeProcessReport.Verdicts(s_figures));
    }

    [Fact]
    public void Verdicts_that_differ_name_the_records_each_side_alone_found_invalid()
    {
        var hybridBatch = new Dictionary<long, string> { [3] = "created_at: not a date-time", [9] = "sku: pattern", [20] = "quantity: below minimum" };
        var ajv = new Dictionary<long, string> { [20] = "/quantity must be >= 1", [5] = "/customer_id must match format \"uuid\"" };

        VerdictComparison verdicts = VerdictComparison.Compare(100, hybridBatch, ajv);
        string line = WholeProcessReport.Verdicts(s_figures with { Verdicts = verdicts });

        Assert.False(verdicts.Agree);
        Assert.Equal(1, verdicts.InvalidBoth);
        Assert.Equal([3L, 9L], verdicts.HybridBatchOnly.Select(r => r.Key));
        Assert.Equal([5L], verdicts.AjvOnly.Select(r => r.Key));
        Assert.StartsWith("verdicts DIFFER: 2 records rejected by HybridBatch only (record 3: created_at: not a date-time; record 9: sku: pattern); 1 invalid for ajv only (record 5: /customer_id must match format \"uuid\")", line);
    }

    private static string[] Print(WholeProcessFigures figures)
    {
        var output = new StringWriter();
        WholeProcessReport.Write(figures, output);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
