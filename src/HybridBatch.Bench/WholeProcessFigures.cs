namespace HybridBatch.Bench;

/// <summary>
/// Everything one <c>bench</c> run measured on its whole-process file: the best <c>plan</c> and <c>run → discard</c>
/// child processes and, on the same file and schema, ajv and the Python baseline. The ratios are computed from
/// this one record only, so they never mix figures of different runs.
/// </summary>
public sealed record WholeProcessFigures
{
    public required long Records { get; init; }

    public required long Bytes { get; init; }

    /// <summary>Records the generator made invalid on purpose.</summary>
    public required long GeneratedInvalid { get; init; }

    /// <summary>Best wall time of <c>hybridbatch plan</c>, process start included.</summary>
    public required double PlanSeconds { get; init; }

    /// <summary>Of <see cref="PlanSeconds"/>, the split itself (validation.json's duration).</summary>
    public required double PlanSplitSeconds { get; init; }

    /// <summary>Best wall time of <c>hybridbatch run --destination discard</c>, process start included.</summary>
    public required double RunSeconds { get; init; }

    /// <summary>Of <see cref="RunSeconds"/>, the split itself.</summary>
    public required double RunSplitSeconds { get; init; }

    /// <summary>Of <see cref="RunSeconds"/>, the run as its report counts it: from the split's start to the last chunk's result.</summary>
    public required double RunReportSeconds { get; init; }

    /// <summary>Null when ajv could not be measured; <see cref="AjvNote"/> says why.</summary>
    public AjvFigures? Ajv { get; init; }

    public required string AjvNote { get; init; }

    /// <summary>Null when ajv was not measured.</summary>
    public VerdictComparison? Verdicts { get; init; }

    /// <summary>Null when Python could not be measured; <see cref="PythonNote"/> says why.</summary>
    public double? PythonRecordsPerSecond { get; init; }

    public required string PythonNote { get; init; }

    /// <summary>The large <c>run --destination file</c> (with <c>--large</c>), else null.</summary>
    public LargeRun? Large { get; init; }

    public double PlanMegabytesPerSecond => Bytes / 1e6 / PlanSeconds;

    public double RunRecordsPerSecond => Records / RunSeconds;
}
