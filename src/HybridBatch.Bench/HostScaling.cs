using System.Diagnostics;

namespace HybridBatch.Bench;

/// <summary>
/// What this host gives two threads right now: a loop that only computes (no memory traffic, no allocation, no
/// locks) run alone, then on 2 threads at once, and the ratio of their throughputs. On two free cores it is about 2.0;
/// a host that shares its cores with other guests gives less (1.1–1.6 was seen here), and no split can scale past it.
/// The bench prints it next to the split's scaling so the reader tells the code from the machine.
/// </summary>
public static class HostScaling
{
    // About 0.1 s of work per thread on a 3 GHz core: long enough to time, short enough to run between split runs.
    private const long Iterations = 100_000_000;

    private static long s_sink;

    /// <summary>Throughput on <paramref name="threads"/> threads at once over the throughput of one, best of <paramref name="repetitions"/> pairs.</summary>
    public static double Measure(int threads, int repetitions)
    {
        Spin(1, Iterations / 10); // The JIT's first tiers, outside the timing.
        double best = 0;
        for (int i = 0; i < repetitions; i++)
        {
            double one = Spin(1, Iterations);
            double many = Spin(threads, Iterations);
            best = Math.Max(best, threads * one / many);
        }

        return best;
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
