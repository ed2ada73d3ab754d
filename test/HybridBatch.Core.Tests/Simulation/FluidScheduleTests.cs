using HybridBatch.Core.Simulation;

namespace HybridBatch.Core.Tests.Simulation;

/// <summary>Small schedules whose answer is worked out by hand in each test's comment.</summary>
public class FluidScheduleTests
{
    private static readonly Dictionary<string, int> s_noCapacity = [];

    [Fact]
    public void Three_chunks_on_two_slots_take_two_waves()
    {
        // 100 records at 10/s = 10 s each; chunks 0 and 1 run 0-10 s, chunk 2 runs 10-20 s.
        IReadOnlyList<WorkTimeline> timeline = FluidSchedule.Run(Chunks(3, records: 100, rate: 10), Slots(2), s_noCapacity, sharedRecordsPerSecond: null);

        Assert.Equal([10.0, 10.0, 20.0], timeline.Select(t => Math.Round(t.SeenAt, 6)));
        Assert.Equal(10, timeline[2].DispatchedAt, 6);
    }

    [Fact]
    public void A_shared_cap_that_binds_slows_every_running_chunk()
    {
        // Three at once could take 30/s; the cap of 15/s gives each 5/s: 100 records in 20 s.
        IReadOnlyList<WorkTimeline> timeline = FluidSchedule.Run(Chunks(3, records: 100, rate: 10), Slots(3), s_noCapacity, sharedRecordsPerSecond: 15);

        Assert.All(timeline, t => Assert.Equal(20, t.FinishedAt, 6));
    }

    [Fact]
    public void What_one_chunk_cannot_use_of_the_cap_goes_to_the_others()
    {
        // Cap 15/s over a chunk limited to 2/s and one limited to 100/s: 2 and 13. The fast one (130 records) ends at 10 s.
        var work = new[]
        {
            new SimulatedWork { Id = 0, Pool = "p", Records = 100, MaxRecordsPerSecond = 2 },
            new SimulatedWork { Id = 1, Pool = "p", Records = 130, MaxRecordsPerSecond = 100 },
        };
        IReadOnlyList<WorkTimeline> timeline = FluidSchedule.Run(work, Slots(2), s_noCapacity, sharedRecordsPerSecond: 15);

        Assert.Equal(10, timeline[1].FinishedAt, 6);
        Assert.Equal(50, timeline[0].FinishedAt, 6); // 20 records by 10 s, then 80 more at 2/s
    }

    [Fact]
    public void A_batch_job_is_noticed_at_the_next_poll_and_holds_its_slot_until_then()
    {
        // Job: set-up 0, cold start 10 s, 600 records at 10/s: ends at 70 s; polled every 60 s from submission: seen at 120 s.
        // The second chunk waits for the only slot: dispatched at 120 s.
        var job = new SimulatedWork { Id = 0, Pool = "map", CapacityPool = "vcpus", CapacityUnits = 4, ColdStartSeconds = 10, WarmStartSeconds = 1, Records = 600, MaxRecordsPerSecond = 10, PollSeconds = 60 };
        var second = job with { Id = 1 };
        IReadOnlyList<WorkTimeline> timeline = FluidSchedule.Run([job, second], Slots(1, "map"), new Dictionary<string, int> { ["vcpus"] = 4 }, null);

        Assert.Equal(70, timeline[0].FinishedAt, 6);
        Assert.Equal(120, timeline[0].SeenAt, 6);
        Assert.Equal(120, timeline[1].DispatchedAt, 6);
        // The second job reuses the first one's instance: a warm start of 1 s, 60 s of records, seen at the poll at 120 + 120.
        Assert.False(timeline[1].ColdStart);
        Assert.Equal(181, timeline[1].FinishedAt, 6);
        Assert.Equal(240, timeline[1].SeenAt, 6);
    }

    [Fact]
    public void Jobs_wait_for_vcpus_first_come_first_served()
    {
        // 8 vCPUs, jobs of 4, 8 and 4: the 8-vCPU job waits for both 4s... but the first holds 4 until it ends at 10 s;
        // the third may not overtake the second, so it starts after the second ends at 20 s.
        var work = new[]
        {
            new SimulatedWork { Id = 0, Pool = "map", CapacityPool = "vcpus", CapacityUnits = 4, Records = 100, MaxRecordsPerSecond = 10 },
            new SimulatedWork { Id = 1, Pool = "map", CapacityPool = "vcpus", CapacityUnits = 8, Records = 100, MaxRecordsPerSecond = 10 },
            new SimulatedWork { Id = 2, Pool = "map", CapacityPool = "vcpus", CapacityUnits = 4, Records = 100, MaxRecordsPerSecond = 10 },
        };
        IReadOnlyList<WorkTimeline> timeline = FluidSchedule.Run(work, Slots(3, "map"), new Dictionary<string, int> { ["vcpus"] = 8 }, null);

        Assert.Equal([10.0, 20.0, 30.0], timeline.Select(t => Math.Round(t.FinishedAt, 6)));
    }

    private static List<SimulatedWork> Chunks(int count, double records, double rate) =>
        Enumerable.Range(0, count).Select(i => new SimulatedWork { Id = i, Pool = "p", Records = records, MaxRecordsPerSecond = rate }).ToList();

    private static Dictionary<string, int> Slots(int count, string pool = "p") => new() { [pool] = count };
}
