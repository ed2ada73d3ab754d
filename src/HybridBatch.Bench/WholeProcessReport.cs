using System.Globalization;

namespace HybridBatch.Bench;

/// <summary>Prints the whole-process figures of one bench run, their ratios to the baselines and the verdict differential.</summary>
public static class WholeProcessReport
{
    /// <summary>Whole <c>plan</c> MB/s over ajv's MB/s on the same file and schema.</summary>
    public const double PlanOverAjvTarget = 5;

    /// <summary>Whole <c>run → discard</c> records/s over the Python baseline's records/s.</summary>
    public const double RunOverPythonTarget = 10;

    /// <summary>Wall time of the large <c>run --destination file</c> (10,000,000 records by default).</summary>
    public const double LargeTargetSeconds = 10;

    /// <summary>How many disagreeing records are shown per side.</summary>
    private const int ShownDisagreements = 3;

    public static void Write(WholeProcessFigures figures, TextWriter output)
    {
        output.WriteLine(Invariant($"{"whole process",-18} {"HybridBatch",16} {"baseline",16} {"ratio",8}  {"target",12}  baseline"));
        output.WriteLine(figures.Ajv is { } ajv
            ? Line("plan", $"{figures.PlanMegabytesPerSecond,11:N0} MB/s", $"{ajv.MegabytesPerSecond,11:N0} MB/s", figures.PlanMegabytesPerSecond / ajv.MegabytesPerSecond, PlanOverAjvTarget,
                Invariant($"{figures.AjvNote}, JSON.parse + validate per line ({ajv.Describe()})"))
            : Line("plan", $"{figures.PlanMegabytesPerSecond,11:N0} MB/s", $"-", null, PlanOverAjvTarget, figures.AjvNote));
        output.WriteLine(figures.PythonRecordsPerSecond is double python
            ? Line("run->discard", $"{figures.RunRecordsPerSecond,8:N0} rec/s", $"{python,8:N0} rec/s", figures.RunRecordsPerSecond / python, RunOverPythonTarget, figures.PythonNote)
            : Line("run->discard", $"{figures.RunRecordsPerSecond,8:N0} rec/s", $"-", null, RunOverPythonTarget, figures.PythonNote));
        if (figures.Large is { } large)
        {
            string verdict = large.Seconds < LargeTargetSeconds ? "target met" : "below target";
            output.WriteLine(Invariant($"{"run->file large",-18} {large.Seconds,14:F1} s {"-",16} {"-",8}  {verdict,12}  {large.Records:N0} records, {large.Bytes / 1e6:N0} MB, default chunking; split {large.SplitSeconds:F1} s + chunks {large.ChunkSeconds:F1} s + the rest {large.RestSeconds:F1} s"));
        }

        output.WriteLine(Verdicts(figures));
        output.WriteLine(TimeSpent(figures));
        output.WriteLine(Invariant($"whole process: {figures.Records:N0} generated orders, {figures.Bytes / 1e6:N1} MB, {figures.GeneratedInvalid:N0} made invalid; plan and run are child processes timed from outside (start included), best of the repetitions"));
        output.WriteLine(Invariant($"targets: whole plan >= {PlanOverAjvTarget:N0}x ajv's MB/s, whole run->discard >= {RunOverPythonTarget:N0}x Python's records/s, large run->file < {LargeTargetSeconds:N0} s (--large); every ratio from figures of this run"));
    }

    /// <summary>The differential line: agreement, or the records each side alone found invalid with what it said.</summary>
    public static string Verdicts(WholeProcessFigures figures)
    {
        if (figures.Verdicts is not { } verdicts)
        {
            return "verdicts: not compared (ajv not measured)";
        }

        if (verdicts.Agree)
        {
            return Invariant($"verdicts: ajv and HybridBatch agree on all {verdicts.Records:N0} records: {verdicts.InvalidBoth:N0} invalid (the generator made {figures.GeneratedInvalid:N0} invalid)");
        }

        return Invariant($"verdicts DIFFER: {verdicts.HybridBatchOnly.Count:N0} records rejected by HybridBatch only{Examples(verdicts.HybridBatchOnly)}; {verdicts.AjvOnly.Count:N0} invalid for ajv only{Examples(verdicts.AjvOnly)}; {verdicts.InvalidBoth:N0} invalid for both (the generator made {figures.GeneratedInvalid:N0} invalid)");
    }

    /// <summary>
    /// Where the best runs' time went, from the outside clock and the run folder: the split (single-threaded), the
    /// chunks after it, and the rest (process start, loading, writing the plan and report, exit).
    /// </summary>
    public static string TimeSpent(WholeProcessFigures figures)
    {
        double chunks = figures.RunReportSeconds - figures.RunSplitSeconds;
        return Invariant($"time spent: plan {figures.PlanSeconds:F2} s = split {figures.PlanSplitSeconds:F2} s + the rest {figures.PlanSeconds - figures.PlanSplitSeconds:F2} s; run->discard {figures.RunSeconds:F2} s = split {figures.RunSplitSeconds:F2} s + chunks {chunks:F2} s + the rest {figures.RunSeconds - figures.RunReportSeconds:F2} s");
    }

    private static string Examples(IReadOnlyList<KeyValuePair<long, string>> records) =>
        records.Count == 0 ? "" : " (" + string.Join("; ", records.Take(ShownDisagreements).Select(r => Invariant($"record {r.Key}: {r.Value}"))) + ")";

    private static string Line(string measure, FormattableString hybridBatch, FormattableString baseline, double? ratio, double target, string note)
    {
        string ratioText = ratio is double r ? Invariant($"{r,7:F2}x") : $"{"-",8}";
        string verdict = ratio is double met ? (met >= target ? "target met" : "below target") : "not measured";
        return Invariant($"{measure,-18} {Invariant(hybridBatch),16} {Invariant(baseline),16} {ratioText}  {verdict,12}  {note}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
