using System.Diagnostics;

namespace HybridBatch.Bench;

/// <summary>
/// What this host gives two threads right now: a loop that only computes (no memory traffic, no allocation, no
/// locks) run alone, then on 2 threads at once, and the ratio of their throughputs. On two free cores it is about 2.0;
/// a host that shares its cores with other guests gives less, and no split can scale past it. It sees CPU time only:
/// a neighbour that takes the shared cache or memory bandwidth slows the split (which streams its file) and not this.
/// The bench takes it after each repetition of the split's scaling and prints the lowest next to it, so the reader
/// tells the code from the machine.
/// </summary>
public static class HostScaling
{
    // About 0.1 s of work per thread on a 3 GHz core: long enough to time, short enough to run between split runs.
    private const long Iterations = 100_000_000;

    private static long s_sink;

    /// <summary>Throughput on <paramref name="threads"/> threads at once over the throughput of one: one timed pair.</summary>
    public static double Measure(int threads)
    {
        Spin(1, Iterations / 100); // The JIT's first tiers, outside the timing.
        double one = Spin(1, Iterations);
        double many = Spin(threads, Iterations);
        return threads * one / many;
    }

    /// <summary>Wall seconds for <paramref name="threads"/> threads each running the loop <paramref name="iterations"/> times.</summary>
    private static double Spin(int threads, long iterations)
    {
        var workers = new Thread[threads];
        using var start = new ManualResetEventSlim();
        for (int t = 0; t < threads; t++)
        {
            ulong seed = (ulong)t + 1;
            workers[t] = new Thread(() =>
            {
                start.Wait();
                Interlocked.Add(ref s_sink, (long)XorShift(seed, iterations));
            });
            workers[t].Start();
        }

        var clock = Stopwatch.StartNew();
        start.Set();
        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        return clock.Elapsed.TotalSeconds;
    }

    // A dependent chain of register operations: its speed is the core's, whatever the caches and memory do.
    private static ulong XorShift(ulong state, long iterations)
    {
        for (long i = 0; i < iterations; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
        }

        return state;
    }
}
