using System.Globalization;

namespace HybridBatch.Cli.Tests.Faults;

/// <summary>
/// What one trial of the S3 fault tests does, drawn from its seed: the destination (for SQS, the queue type), how the
/// first attempt dies (a <c>HYBRIDBATCH_CRASH_AT</c> point, or SIGKILL from outside after a drawn number of
/// SendMessageBatch answers), and whether the S3 emulator fails a share of requests. The same seed draws the same trial.
/// </summary>
internal sealed record FaultTrial(int Seed, string Destination, bool Fifo, string? CrashAt, int KillAfterSends, double S3FailureShare)
{
    /// <summary>
    /// Draws trial <paramref name="number"/> for <paramref name="destination"/>: for SQS, FIFO and standard queues
    /// alternate so both get half the trials.
    /// </summary>
    public static FaultTrial Draw(int seed, int number, string destination, int records, int expectedSends)
    {
        var random = new Random(seed);
        // Half the trials die at a crash point, the narrow windows around a step's commit included; the others by a
        // SIGKILL after that many answers (0: before the first; past the last the worker may have finished, a trial
        // without a crash, which must then hold no duplicate).
        string? crashAt = random.Next(6) switch
        {
            0 => "after-commit",
            1 => "before-checkpoint",
            2 => MidStep(random, records),
            _ => null,
        };
        int killAfter = random.Next(expectedSends + 3);
        double share = random.NextDouble() < 0.4 ? 0.15 : 0;
        bool sqs = destination == Adapters.Sqs.SqsSinkFactory.Name;
        if (!sqs)
        {
            // Only SQS sends pass the proxy to be counted: elsewhere the worker kills itself with SIGKILL at a drawn
            // record instead. Every trial has S3 faults: the local trials (StepFaultTests) already cover none. These
            // draws come last, so an SQS trial draws what it drew before other destinations were added.
            crashAt ??= MidStep(random, records);
            share = 0.15;
        }

        return new FaultTrial(seed, destination, Fifo: sqs && number % 2 == 1, crashAt, killAfter, share);
    }

    public override string ToString()
    {
        string death = CrashAt is null
            ? string.Create(CultureInfo.InvariantCulture, $"SIGKILL after {KillAfterSends} SendMessageBatch answers")
            : $"HYBRIDBATCH_CRASH_AT={CrashAt}";
        string where = Destination != Adapters.Sqs.SqsSinkFactory.Name ? Destination : Fifo ? "FIFO queue" : "standard queue";
        return string.Create(CultureInfo.InvariantCulture, $"seed {Seed}: {where}, {death}, S3 failure share {S3FailureShare:0.##}");
    }

    private static string MidStep(Random random, int records) => string.Create(CultureInfo.InvariantCulture, $"mid-step:{1 + random.Next(records)}");
}
