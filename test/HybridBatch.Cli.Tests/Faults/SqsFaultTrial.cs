using System.Globalization;

namespace HybridBatch.Cli.Tests.Faults;

/// <summary>
/// What one trial of the SQS fault test does, drawn from its seed: the queue type, how the first attempt dies, and
/// whether the S3 emulator fails a share of requests. The same seed draws the same trial.
/// </summary>
internal sealed record SqsFaultTrial(int Seed, bool Fifo, int KillAfterSends, double S3FailureShare)
{
    /// <summary>Draws trial <paramref name="number"/>: FIFO and standard queues alternate so both get half the trials.</summary>
    public static SqsFaultTrial Draw(int seed, int number, int expectedSends)
    {
        var random = new Random(seed);
        // 0: killed before its first send was answered; else after that many SendMessageBatch answers (past the
        // last one the worker may have finished: a trial without a crash, which must then hold no duplicate).
        int killAfter = random.Next(expectedSends + 3);
        double share = random.NextDouble() < 0.4 ? 0.15 : 0;
        return new SqsFaultTrial(seed, Fifo: number % 2 == 1, killAfter, share);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"seed {Seed}: {(Fifo ? "FIFO" : "standard")} queue, SIGKILL after {KillAfterSends} SendMessageBatch answers, S3 failure share {S3FailureShare:0.##}");
}
