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
/// <item><c>freeze-mid-step:N</c>: the same point, but the worker freezes itself with SIGSTOP instead of dying, so a
/// test can send it signals (SIGTERM, SIGKILL) that are sure to land mid-chunk however fast the machine is, then
/// SIGCONT. Waiting for a progress object and sending SIGSTOP from outside raced a worker that finished first.</item>
/// </list>
/// It fires only on attempt 1: the retry must get through, or a test could never see the recovery.
/// </summary>
public sealed record CrashPoint
{
    public const string Variable = Settings.SettingNames.CrashAt;

    private CrashPoint(CrashPointKind kind, long records, bool freeze = false)
    {
        Kind = kind;
        Records = records;
        Freeze = freeze;
    }

    public CrashPointKind Kind { get; }

    /// <summary>SIGSTOP (the worker waits for SIGCONT) instead of SIGKILL.</summary>
    public bool Freeze { get; }

    // A frozen worker goes on after SIGCONT; later batches do not freeze it again.
    private bool _frozen;

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

        const string freeze = "freeze-";
        bool freezes = value.StartsWith(freeze, StringComparison.Ordinal);
        const string midStep = "mid-step:";
        ReadOnlySpan<char> point = freezes ? value.AsSpan(freeze.Length) : value;
        if (point.StartsWith(midStep, StringComparison.Ordinal)
            && long.TryParse(point[midStep.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out long records)
            && records >= 1)
        {
            return new CrashPoint(CrashPointKind.MidStep, records, freezes);
        }

        throw new ArgumentException($"{Variable} must be after-commit, before-checkpoint, mid-step:N or freeze-mid-step:N (N at least 1), got '{text}'");
    }

    public override string ToString() => Kind switch
    {
        CrashPointKind.AfterCommit => "after-commit",
        CrashPointKind.BeforeCheckpoint => "before-checkpoint",
        _ => string.Create(CultureInfo.InvariantCulture, $"{(Freeze ? "freeze-" : "")}mid-step:{Records}"),
    };

    /// <summary>
    /// Kills this process outright (or freezes it, once) if <paramref name="point"/> is this crash point and this is
    /// attempt 1.
    /// </summary>
    internal void FireAt(CrashPointKind point, int attempt, long writtenThisAttempt = 0)
    {
        if (attempt != 1 || point != Kind || (Kind == CrashPointKind.MidStep && writtenThisAttempt < Records) || _frozen)
        {
            return;
        }

        if (Freeze)
        {
            _frozen = true;
            Console.Error.WriteLine($"{Variable}={this}: freezing this worker (pid {Environment.ProcessId}) with SIGSTOP after {writtenThisAttempt} records");
            Console.Error.Flush();
            // The signal stops every thread before kill(2) returns; this returns once someone sends SIGCONT.
            if (!Posix.Signal(Environment.ProcessId, Posix.SigStop))
            {
                throw new InvalidOperationException($"{Variable}={this}: could not send SIGSTOP to this worker");
            }

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
