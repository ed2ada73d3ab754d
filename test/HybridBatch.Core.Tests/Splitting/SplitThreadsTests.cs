using HybridBatch.Core.Splitting;

namespace HybridBatch.Core.Tests.Splitting;

/// <summary>SplitOptions.Threads: the one definition of the split's thread count, its default and its bounds.</summary>
public sealed class SplitThreadsTests
{
    [Fact]
    public void The_default_is_the_core_count()
    {
        Assert.Equal(Math.Min(Environment.ProcessorCount, SplitOptions.MaxThreads), new SplitOptions().Threads);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(257)]
    public void Threads_outside_1_to_256_are_refused_naming_the_option(int threads)
    {
        ArgumentOutOfRangeException refused = Assert.Throws<ArgumentOutOfRangeException>(() => new SplitOptions { Threads = threads }.Validate());

        Assert.Contains("--threads", refused.Message);
    }
}
