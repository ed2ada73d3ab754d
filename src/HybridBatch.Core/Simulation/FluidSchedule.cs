namespace HybridBatch.Core.Simulation;

/// <summary>
/// A deterministic, event-driven simulation of chunks sharing slots, capacity and one throughput: each stage ends at
/// a computed instant, and between instants every running chunk processes at its share of
/// <c>sharedRecordsPerSecond</c> (max-min fair: no chunk above its own maximum, what one cannot use goes to the others).
/// Small enough to check by hand: 3 chunks of 100 records at 10 records/s on 2 slots end at 20 s and 30 s.
/// </summary>
public static class FluidSchedule
{
    private const double Epsilon = 1e-9;

    private enum Stage { Waiting, Setup, Queued, Starting, Running, Polling, Done }

    private sealed class State(SimulatedWork work)
    {
        public SimulatedWork Work { get; } = work;
        public Stage Stage { get; set; } = Stage.Waiting;
        public double Until { get; set; }
        public double Remaining { get; set; } = work.Records;
        public double Rate { get; set; }
        public double DispatchedAt { get; set; }
        public double PlacedAt { get; set; }
        public double RunningAt { get; set; }
        public double FinishedAt { get; set; }
        public bool Cold { get; set; }
    }

    /// <param name="work">In dispatch order.</param>
    /// <param name="slots">Slots of each <see cref="SimulatedWork.Pool"/>.</param>
    /// <param name="capacity">Units of each <see cref="SimulatedWork.CapacityPool"/>.</param>
    /// <param name="sharedRecordsPerSecond">What all running chunks together can process (a destination's cap, the cores), or null for no limit.</param>
    /// <param name="startAt">When the first chunk may be dispatched.</param>
    public static IReadOnlyList<WorkTimeline> Run(
        IReadOnlyList<SimulatedWork> work,
        IReadOnlyDictionary<string, int> slots,
        IReadOnlyDictionary<string, int> capacity,
        double? sharedRecordsPerSecond,
        double startAt = 0)
    {
        Check(work, slots, capacity, sharedRecordsPerSecond);
        var states = work.Select(w => new State(w)).ToList();
        var freeSlots = slots.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var freeCapacity = capacity.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var highWater = capacity.ToDictionary(p => p.Key, _ => 0, StringComparer.Ordinal);
        double now = startAt;
        while (states.Any(s => s.Stage != Stage.Done))
        {
            bool changed = true;
            while (changed)
            {
                changed = Advance(states, now, freeSlots, freeCapacity, capacity, highWater);
            }

            if (states.All(s => s.Stage == Stage.Done))
            {
                break;
            }

            ShareRate(states.Where(s => s.Stage == Stage.Running).ToList(), sharedRecordsPerSecond);
            double next = states.Select(s => NextEvent(s, now)).Min();
            if (double.IsPositiveInfinity(next))
            {
                throw new InvalidOperationException("the simulation cannot progress: a chunk waits for slots or capacity that never free up");
            }

            foreach (State running in states.Where(s => s.Stage == Stage.Running))
            {
                running.Remaining = Math.Max(0, running.Remaining - running.Rate * (next - now));
            }

            now = next;
        }

        return states.Select(s => new WorkTimeline
        {
            Work = s.Work,
            DispatchedAt = s.DispatchedAt,
            PlacedAt = s.PlacedAt,
            RunningAt = s.RunningAt,
            FinishedAt = s.FinishedAt,
            SeenAt = s.Until,
            ColdStart = s.Cold,
        }).ToList();
    }

    // Every transition due at `now`; true when something moved (a freed slot may let another chunk in at once).
    private static bool Advance(List<State> states, double now, Dictionary<string, int> freeSlots, Dictionary<string, int> freeCapacity,
        IReadOnlyDictionary<string, int> capacity, Dictionary<string, int> highWater)
    {
        bool changed = false;
        var blockedPools = new HashSet<string>(StringComparer.Ordinal);
        var blockedCapacity = new HashSet<string>(StringComparer.Ordinal);
        foreach (State s in states)
        {
            SimulatedWork w = s.Work;
            switch (s.Stage)
            {
                case Stage.Waiting when !blockedPools.Contains(w.Pool):
                    if (freeSlots[w.Pool] > 0)
                    {
                        freeSlots[w.Pool]--;
                        (s.Stage, s.DispatchedAt, s.Until) = (Stage.Setup, now, now + w.SetupSeconds);
                        changed = true;
                    }
                    else
                    {
                        blockedPools.Add(w.Pool); // first come, first served: no later chunk overtakes it
                    }

                    break;
                case Stage.Setup when s.Until <= now + Epsilon:
                    s.Stage = w.CapacityPool is null ? Stage.Starting : Stage.Queued;
                    s.PlacedAt = now;
                    s.Until = now + w.ColdStartSeconds;
                    s.Cold = w.CapacityPool is null;
                    changed = true;
                    break;
                case Stage.Queued when !blockedCapacity.Contains(w.CapacityPool!):
                    string pool = w.CapacityPool!;
                    if (freeCapacity[pool] >= w.CapacityUnits)
                    {
                        int inUse = capacity[pool] - freeCapacity[pool];
                        freeCapacity[pool] -= w.CapacityUnits;
                        s.Cold = inUse + w.CapacityUnits > highWater[pool];
                        highWater[pool] = Math.Max(highWater[pool], inUse + w.CapacityUnits);
                        (s.Stage, s.PlacedAt, s.Until) = (Stage.Starting, now, now + (s.Cold ? w.ColdStartSeconds : w.WarmStartSeconds));
                        changed = true;
                    }
                    else
                    {
                        blockedCapacity.Add(pool);
                    }

                    break;
                case Stage.Starting when s.Until <= now + Epsilon:
                    (s.Stage, s.RunningAt) = (Stage.Running, now);
                    changed = true;
                    break;
                case Stage.Running when s.Remaining <= Epsilon * Math.Max(1, w.Records):
                    s.FinishedAt = now;
                    if (w.CapacityPool is not null)
                    {
                        freeCapacity[w.CapacityPool] += w.CapacityUnits;
                    }

                    // Step Functions sees a Batch job end at its next poll, counted from the submission.
                    s.Until = w.PollSeconds > 0 ? SetupEnd(s) + Math.Ceiling((now - SetupEnd(s) - Epsilon) / w.PollSeconds) * w.PollSeconds : now;
                    s.Stage = Stage.Polling;
                    changed = true;
                    break;
                case Stage.Polling when s.Until <= now + Epsilon:
                    freeSlots[w.Pool]++;
                    s.Stage = Stage.Done;
                    changed = true;
                    break;
            }
        }

        return changed;
    }

    private static double SetupEnd(State s) => s.DispatchedAt + s.Work.SetupSeconds;

    private static double NextEvent(State s, double now) => s.Stage switch
    {
        Stage.Setup or Stage.Starting or Stage.Polling => s.Until,
        Stage.Running => s.Rate > 0 ? now + s.Remaining / s.Rate : double.PositiveInfinity,
        _ => double.PositiveInfinity,
    };

    private static void ShareRate(List<State> running, double? shared)
    {
        double left = shared ?? double.PositiveInfinity;
        int count = running.Count;
        foreach (State s in running.OrderBy(s => s.Work.MaxRecordsPerSecond))
        {
            s.Rate = Math.Min(s.Work.MaxRecordsPerSecond, left / count);
            left -= s.Rate;
            count--;
        }
    }

    private static void Check(IReadOnlyList<SimulatedWork> work, IReadOnlyDictionary<string, int> slots, IReadOnlyDictionary<string, int> capacity, double? shared)
    {
        if (shared is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shared), shared, "the shared throughput must be positive");
        }

        foreach (SimulatedWork w in work)
        {
            if (!slots.TryGetValue(w.Pool, out int count) || count < 1)
            {
                throw new ArgumentException($"chunk {w.Id}: pool '{w.Pool}' has no slots", nameof(slots));
            }

            if (w.CapacityPool is not null && (!capacity.TryGetValue(w.CapacityPool, out int units) || units < w.CapacityUnits || w.CapacityUnits < 1))
            {
                throw new ArgumentException($"chunk {w.Id}: capacity pool '{w.CapacityPool}' cannot hold {w.CapacityUnits} units", nameof(capacity));
            }

            if (!(w.MaxRecordsPerSecond > 0) || w.Records < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(work), $"chunk {w.Id}: records must not be negative and the rate must be positive");
            }
        }
    }
}
