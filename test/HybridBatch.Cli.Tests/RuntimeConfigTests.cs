using System.Text.Json;
using HybridBatch.Cli.Local;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// The JIT settings the CLI's speed rests on are in the runtimeconfig.json the runtime reads beside the built
/// <c>hybridbatch</c>: no dynamic PGO (its instrumented tier costs a fresh process more than it gives back), tiered
/// compilation kept (precompiled code first, the split's hot methods compiled again with full optimisation), and call
/// counting from the start to ten thousand calls (a fresh process reaches that steady state early in the split without
/// compiling its start-up and per-chunk code again).
/// docs/performance.md measures them.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void TheBuiltCliCountsCallsAtOnceToTenThousandWithoutDynamicPgo()
    {
        JsonElement properties = ConfigProperties();

        Assert.True(properties.TryGetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs", out JsonElement delay),
            "System.Runtime.TieredCompilation.CallCountingDelayMs is missing from hybridbatch.runtimeconfig.json");
        Assert.Equal(0, delay.GetInt32());
        Assert.True(properties.TryGetProperty("System.Runtime.TieredCompilation.CallCountThreshold", out JsonElement threshold),
            "System.Runtime.TieredCompilation.CallCountThreshold is missing from hybridbatch.runtimeconfig.json");
        Assert.Equal(10000, threshold.GetInt32());
        Assert.True(properties.TryGetProperty("System.Runtime.TieredPGO", out JsonElement pgo),
            "System.Runtime.TieredPGO is missing from hybridbatch.runtimeconfig.json");
        Assert.False(pgo.GetBoolean(), "dynamic PGO is on: every fresh plan or run pays its instrumented tier");
        Assert.False(properties.TryGetProperty("System.Runtime.TieredCompilation", out JsonElement tiered) && !tiered.GetBoolean(),
            "tiered compilation is switched off: the split would run precompiled code only, never recompiled with full optimisation");
    }

    private static JsonElement ConfigProperties()
    {
        (string fileName, IReadOnlyList<string> prefix) = WorkerCommand.Resolve();
        string program = prefix.Count > 0 ? prefix[^1] : fileName;
        string config = Path.Combine(Path.GetDirectoryName(program)!, "hybridbatch.runtimeconfig.json");
        Assert.True(File.Exists(config), $"no runtimeconfig.json beside {program}");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(config));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
