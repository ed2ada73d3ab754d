using System.Globalization;
using HybridBatch.Generation;
using HybridBatch.Core.Schema;

namespace HybridBatch.Bench;

/// <summary>
/// The bench's whole-process part: on one generated orders file (with a few invalid records) and one schema file,
/// <c>hybridbatch plan</c> and <c>hybridbatch run --destination discard</c> as child processes, ajv and the Python
/// baseline; optionally (<c>--large</c>) one timed <c>run --destination file</c> of a large file.
/// </summary>
public sealed class WholeProcessBench(string folder, TextWriter log)
{
    /// <summary>A few invalid records, well under the validation gate's default 1 %, so both verdicts are exercised.</summary>
    private const double InvalidRate = 0.001;

    private const int Seed = 7;

    public async Task<WholeProcessFigures> MeasureAsync(WholeProcessSettings settings, CancellationToken cancellationToken)
    {
        string file = Path.Combine(folder, "whole-process.jsonl");
        GenerationSummary generated = WriteOrders(file, settings.Records, new GeneratorOptions { Seed = Seed, InvalidRate = InvalidRate });
        log.WriteLine(Invariant($"Whole process: generated {generated.Records:N0} orders, {generated.Bytes / 1e6:N1} MB, {generated.Invalid:N0} invalid"));

        // The file HybridBatch and ajv both read: the orders sample exactly as HybridBatch embeds it.
        string schemaFile = Path.Combine(folder, "orders.schema.json");
        await File.WriteAllBytesAsync(schemaFile, RecordSchema.LoadSample("orders").SourceJson.ToArray(), cancellationToken).ConfigureAwait(false);

        (string? ajvFolder, string ajvNote) = await AjvBaseline.InstallAsync(settings.AjvCacheRoot, cancellationToken).ConfigureAwait(false);
        log.WriteLine($"ajv baseline: {ajvNote}");

        ChildCommandRun? plan = null, run = null;
        AjvFigures? ajv = null;
        IReadOnlyDictionary<long, string>? ajvInvalid = null;
        string ajvInvalidFile = Path.Combine(folder, "ajv-invalid.jsonl");
        for (int i = 0; i < settings.Repetitions; i++)
        {
            // Interleaved, so a slow spell of the shared machine falls on every contender alike.
            ChildCommandRun planned = await ChildCommandRun.RunAsync("plan", file, schemaFile, Path.Combine(folder, "plan-out"), [], cancellationToken).ConfigureAwait(false);
            plan = Best(plan, Check(planned, generated, "plan"));
            ChildCommandRun ran = await ChildCommandRun.RunAsync("run", file, schemaFile, Path.Combine(folder, "run-out"), ["--destination", "discard"], cancellationToken).ConfigureAwait(false);
            run = Best(run, Check(ran, generated, "run"));
            if (ajvFolder is not null)
            {
                (AjvFigures? measured, ajvNote) = await AjvBaseline.MeasureAsync(ajvFolder, schemaFile, file, ajvInvalidFile, cancellationToken).ConfigureAwait(false);
                if (measured is null)
                {
                    ajvFolder = null; // it will not work better next time: say why once
                    ajv = null;
                    ajvInvalid = null;
                }
                else
                {
                    ajv = ajv is null || measured.LoopSeconds < ajv.LoopSeconds ? measured : ajv;
                    ajvInvalid ??= AjvBaseline.ReadInvalid(ajvInvalidFile);
                }
            }
        }

        (double? python, string pythonNote) = await PythonBaseline.MeasureAsync(file, Math.Min(settings.PythonRecords, settings.Records), folder, cancellationToken).ConfigureAwait(false);
        return new WholeProcessFigures
        {
            Records = generated.Records,
            Bytes = generated.Bytes,
            GeneratedInvalid = generated.Invalid,
            PlanSeconds = plan!.Seconds,
            PlanSplitSeconds = plan.Validation.DurationSeconds,
            RunSeconds = run!.Seconds,
            RunSplitSeconds = run.Validation.DurationSeconds,
            RunReportSeconds = run.Report!.WallClockSeconds,
            Ajv = ajv,
            AjvNote = ajvNote,
            Verdicts = ajvInvalid is null ? null : VerdictComparison.Compare(plan.Validation.TotalRecords, plan.Rejects, ajvInvalid),
            PythonRecordsPerSecond = python,
            PythonNote = pythonNote,
            Large = settings.LargeRecords is long large ? await MeasureLargeAsync(large, schemaFile, cancellationToken).ConfigureAwait(false) : null,
        };
    }

    /// <summary>Seeded orders (the embedded sample, which the generator builds completely) as plain JSON Lines.</summary>
    private static GenerationSummary WriteOrders(string file, long records, GeneratorOptions options)
    {
        using FileStream output = File.Create(file);
        return new RecordGenerator(SampleData.Open("orders").Span, options).Write(output, records);
    }

    /// <summary>One <c>run --destination file</c> of a freshly generated large file, everything deleted after.</summary>
    private async Task<LargeRun> MeasureLargeAsync(long records, string schemaFile, CancellationToken cancellationToken)
    {
        string file = Path.Combine(folder, "large.jsonl");
        try
        {
            GenerationSummary generated = WriteOrders(file, records, new GeneratorOptions { Seed = Seed });
            log.WriteLine(Invariant($"Large: generated {generated.Records:N0} orders, {generated.Bytes / 1e6:N0} MB; one run --destination file"));
            ChildCommandRun run = Check(
                await ChildCommandRun.RunAsync("run", file, schemaFile, Path.Combine(folder, "large-out"), ["--destination", "file"], cancellationToken).ConfigureAwait(false),
                generated,
                "run (large)");
            return new LargeRun(generated.Records, generated.Bytes, run.Seconds, run.Validation.DurationSeconds, run.Report!.WallClockSeconds);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// A run that did not see every record, or did not publish every valid one, measured something else: the bench
    /// fails rather than print its figure.
    /// </summary>
    private static ChildCommandRun Check(ChildCommandRun child, GenerationSummary generated, string what)
    {
        long published = child.Report?.Published ?? child.Validation.ValidRecords;
        if (child.Validation.TotalRecords != generated.Records || published != child.Validation.ValidRecords)
        {
            throw new InvalidOperationException(Invariant(
                $"bench: {what} saw {child.Validation.TotalRecords:N0} of {generated.Records:N0} records and published {published:N0} of {child.Validation.ValidRecords:N0} valid ones"));
        }

        return child;
    }

    private static ChildCommandRun Best(ChildCommandRun? best, ChildCommandRun next) => best is null || next.Seconds < best.Seconds ? next : best;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
