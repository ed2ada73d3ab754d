using System.Globalization;

namespace HybridBatch.Cli.Tests.Faults;

/// <summary>
/// What one trial of the SQS fault test does, drawn from its seed: the queue type, how the first attempt dies (a
/// <c>HYBRIDBATCH_CRASH_AT</c> point, or SIGKILL from outside after a drawn number of SendMessageBatch answers), and
/// whether the S3 emulator fails a share of requests. The same seed draws the same trial.
/// </summary>
internal sealed record SqsFaultTrial(int Seed, bool Fifo, string? CrashAt, int KillAfterSends, double S3FailureShare)
{
    /// <summary>Draws trial <paramref name="number"/>: FIFO and standard queues alternate so both get half the trials.</summary>
    public static SqsFaultTrial Draw(int seed, int number, int records, int expectedSends)
    {
        var random = new Random(seed);
        // Half the trials die at a crash point, the narrow windows around a step's commit included; the others by a
        // SIGKILL after that many answers (0: before the first; past the last the worker may have finished, a trial
        // without a crash, which must then hold no duplicate).
        string? crashAt = random.Next(6) switch
        {
            0 => "after-commit",
            1 => "before-checkpoint",
            2 => string.Create(CultureInfo.InvariantCulture, $"mid-step:{1 + random.Next(records)}"),
            _ => null,
        };
        int killAfter = random.Next(expectedSends + 3);
        double share = random.NextDouble() < 0.4 ? 0.15 : 0;
        return new SqsFaultTrial(seed, Fifo: number % 2 == 1, crashAt, killAfter, share);
    }

    public override string ToString()
    {
        string death = CrashAt is null
            ? string.Create(CultureInfo.InvariantCulture, $"SIGKILL after {KillAfterSends} SendMessageBatch answers")
            : $"HYBRIDBATCH_CRASH_AT={CrashAt}";
        return string.Create(CultureInfo.InvariantCulture, $"seed {Seed}: {(Fifo ? "FIFO" : "standard")} queue, {death}, S3 failure share {S3FailureShare:0.##}");
    }
}
