using HybridBatch.Cli.CommandLine;
using HybridBatch.Core.Routing;

namespace HybridBatch.Cli.Tests.CommandLine;

/// <summary>The worker's command line as the local runner renders it is what the worker binds: render → parse → equal.</summary>
public sealed class WorkerArgumentsTests
{
    [Fact]
    public void Every_field_survives_render_and_parse()
    {
        var all = new WorkerArguments
        {
            RunId = "orders-0b7c2f1e9a4d-a2",
            ChunkId = 7,
            StartIndex = 2_030_000,
            EndIndex = 2_319_999,
            WorkBucket = "work-bucket",
            Route = Route.Lambda,
            Attempt = 3,
            EstimatedCostUsd = 0.000123456789,
            EstimatedSeconds = 12.5,
            ProgressIntervalSeconds = 0.5,
            WatchParent = true,
            Out = "out dir",
            Destination = "kafka",
            KeyField = "order id",
            StepRecords = 50_000,
            StepSeconds = 0.1 + 0.2,
            Revalidate = true,
        };

        Assert.Equal(all, RoundTrip(all));
    }

    [Fact]
    public void What_is_not_set_stays_unset()
    {
        var bare = new WorkerArguments { RunId = "r", WorkFolder = "/tmp/work" };

        Assert.Equal(["process", "--run-id", "r", "--work", "/tmp/work"], bare.ToArguments());
        Assert.Equal(bare, RoundTrip(bare));
    }

    [Fact]
    public void Random_arguments_survive_render_and_parse()
    {
        int seed = Environment.GetEnvironmentVariable("HYBRIDBATCH_TEST_SEED") is string given ? int.Parse(given, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        var random = new Random(seed);
        for (int i = 0; i < 200; i++)
        {
            var arguments = new WorkerArguments
            {
                RunId = $"run-{random.Next()}",
                ChunkId = random.Next(2) == 0 ? null : random.Next(),
                StartIndex = random.Next(2) == 0 ? null : random.NextInt64(),
                EndIndex = random.Next(2) == 0 ? null : random.NextInt64(),
                WorkFolder = random.Next(2) == 0 ? null : $"/work {random.Next()}",
                Route = random.Next(2) == 0 ? Route.Lambda : Route.Batch,
                Attempt = random.Next(2) == 0 ? null : random.Next(1, 10),
                EstimatedCostUsd = random.Next(2) == 0 ? null : random.NextDouble() * Math.Pow(10, random.Next(-12, 6)),
                EstimatedSeconds = random.Next(2) == 0 ? null : random.NextDouble() * 1e6,
                ProgressIntervalSeconds = random.Next(2) == 0 ? null : random.NextDouble(),
                WatchParent = random.Next(2) == 0,
                Destination = random.Next(2) == 0 ? null : "file",
                KeyField = random.Next(2) == 0 ? null : $"field{random.Next()}",
                StepRecords = random.Next(2) == 0 ? null : random.Next(1, int.MaxValue),
                StepSeconds = random.Next(2) == 0 ? null : random.NextDouble() * 900,
                Revalidate = random.Next(2) == 0,
            };

            WorkerArguments back = RoundTrip(arguments);
            Assert.True(arguments == back, $"seed {seed} (HYBRIDBATCH_TEST_SEED={seed} repeats it), case {i}: {arguments} came back as {back}");
        }
    }

    private static WorkerArguments RoundTrip(WorkerArguments arguments)
    {
        System.CommandLine.ParseResult parse = CliCommands.Root.Parse([.. arguments.ToArguments()], CliCommands.Configuration);
        Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(e => e.Message)));
        Assert.Same(CliCommands.Find("process"), parse.CommandResult.Command);
        return WorkerArguments.Bind(new CommandArguments(parse));
    }
}
