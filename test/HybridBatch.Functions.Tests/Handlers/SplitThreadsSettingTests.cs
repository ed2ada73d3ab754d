using HybridBatch.Core.Settings;
using HybridBatch.Functions.Hosting;

namespace HybridBatch.Functions.Tests.Handlers;

/// <summary>The split function's threads: the vCPUs its memory size gives, unless SPLIT_THREADS says otherwise.</summary>
public sealed class SplitThreadsSettingTests
{
    [Theory]
    [InlineData("128", 1)]
    [InlineData("1769", 1)]
    [InlineData("2048", 2)]
    [InlineData("3538", 2)]
    [InlineData("3539", 3)]
    [InlineData("10240", 6)]
    public void Threads_are_the_vcpus_lambda_gives_the_memory_size(string megabytes, int threads)
    {
        var settings = new FunctionSettings(name => name == FunctionSettings.LambdaMemorySize ? megabytes : null);

        Assert.Equal(threads, settings.Split().Threads);
    }

    [Fact]
    public void Split_threads_overrides_the_memory_size()
    {
        var settings = new FunctionSettings(name => name switch
        {
            FunctionSettings.LambdaMemorySize => "2048",
            FunctionSettings.SplitThreads => "5",
            _ => null,
        });

        Assert.Equal(5, settings.Split().Threads);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("257")]
    [InlineData("two")]
    public void A_bad_split_threads_names_the_setting(string threads)
    {
        var settings = new FunctionSettings(name => name == FunctionSettings.SplitThreads ? threads : null);

        ConfigurationException refused = Assert.Throws<ConfigurationException>(() => settings.Split());
        Assert.Contains(FunctionSettings.SplitThreads, refused.Message);
    }
}
