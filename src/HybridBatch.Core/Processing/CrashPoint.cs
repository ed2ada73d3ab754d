using System.Diagnostics;
using System.Globalization;

namespace HybridBatch.Core.Processing;

/// <summary>
/// <c>HYBRIDBATCH_CRASH_AT</c>: a worker kills itself with SIGKILL at one exact point of a chunk, so tests can hit the
/// narrow windows between committing at the destination and recording it in the work bucket. Off unless set. Each
/// point is a distinct window:
/// <list type="bullet">
/// <item><c>after-commit</c>: the final step is committed at the destination (for Kafka: its transaction, completion
/// record included) and the chunk result is not yet written.</item>
/// <item><c>before-checkpoint</c>: the first non-final step is committed and its checkpoint prepared but not yet
/// written to <c>progress/chunk-N.json</c> (no effect on a chunk that fits in one step).</item>
/// <item><c>mid-step:N</c>: the batch that brings the records this attempt wrote to the sink to N or more has been
/// written, and the step it belongs to is not committed. Counted over the attempt, not per step, so a test can aim
/// at any step (with steps of S records, N = 2S + S/2 dies in the third).</item>
/// </list>
/// It fires only on attempt 1: the retry must get through, or a test could never see the recovery.
/// </summary>
public sealed record CrashPoint
{
    public const string Variable = Settings.SettingNames.CrashAt;

    private CrashPoint(CrashPointKind kind, long records)
    {
        Kind = kind;
        Records = records;
    }

    public CrashPointKind Kind { get; }

    /// <summary>For <see cref="CrashPointKind.MidStep"/>: after how many records written by this attempt.</summary>
    public long Records { get; }

    /// <summary>Reads the setting; null when unset or empty. A value that names no point throws an <see cref="ArgumentException"/> whose message names the variable.</summary>
    public static CrashPoint? Parse(string? text)
    {
        string? value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value == "after-commit")
        {
            return new CrashPoint(CrashPointKind.AfterCommit, 0);
        }

        if (value == "before-checkpoint")
        {
            return new CrashPoint(CrashPointKind.BeforeCheckpoint, 0);
        }

        const string midStep = "mid-step:";
        if (value.StartsWith(midStep, StringComparison.Ordinal)
            && long.TryParse(value.AsSpan(midStep.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long records)
            && records >= 1)
        {
            return new CrashPoint(CrashPointKind.MidStep, records);
        }

        throw new ArgumentException($"{Variable} must be after-commit, before-checkpoint or mid-step:N (N at least 1), got '{text}'");
    }

    public override string ToString() => Kind switch
    {
        CrashPointKind.AfterCommit => "after-commit",
        CrashPointKind.BeforeCheckpoint => "before-checkpoint",
        _ => string.Create(CultureInfo.InvariantCulture, $"mid-step:{Records}"),
    };

    /// <summary>Kills this process outright if <paramref name="point"/> is this crash point and this is attempt 1.</summary>
    internal void FireAt(CrashPointKind point, int attempt, long writtenThisAttempt = 0)
    {
        if (attempt != 1 || point != Kind || (Kind == CrashPointKind.MidStep && writtenThisAttempt < Records))
        {
            return;
        }

        Console.Error.WriteLine($"{Variable}={this}: killing this worker (pid {Environment.ProcessId}) with SIGKILL");
        Console.Error.Flush();
        // SIGKILL, as the OOM killer or a lost host would: no finally block, no abort, no flush runs after this.
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}

/// <summary>The points <see cref="CrashPoint"/> can stop a worker at.</summary>
public enum CrashPointKind
{
    AfterCommit,
    BeforeCheckpoint,
    MidStep,
}
