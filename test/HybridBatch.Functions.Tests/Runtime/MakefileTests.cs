using System.Diagnostics;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Runtime;

/// <summary>
/// The SAM build targets. The binary every test drives is built by <c>make build-RouteFunction</c>; the other
/// targets must run the very same recipe, and any target must refuse to run without <c>ARTIFACTS_DIR</c>.
/// </summary>
public sealed class MakefileTests
{
    private static readonly string[] s_functions =
        ["SplitFunction", "RouteFunction", "ProcessChunkFunction", "SubmitBatchJobFunction", "PollBatchJobFunction", "AggregateFunction"];

    [Fact]
    public async Task The_built_target_published_bootstrap_and_passed_the_glibc_check()
    {
        string binary = await BootstrapBinary.PathAsync();
        string? output = await BootstrapBinary.BuildOutputAsync();

        Assert.Equal("bootstrap", Path.GetFileName(binary));
        Assert.True(File.Exists(binary));
        Assert.False(File.Exists(Path.ChangeExtension(binary, ".dbg")), "debug symbols are left out of the package");
        if (output is not null)
        {
            Assert.Matches(@"check-glibc: \S+/bootstrap needs at most GLIBC_2\.\d+ \(limit 2\.34\)", output);
        }
    }

    [Fact]
    public async Task Every_function_has_a_target_with_the_same_recipe_as_the_built_one()
    {
        // One static pattern rule holds the recipe, so compare what make would run, not the Makefile's text.
        string makefile = File.ReadAllText(Path.Combine(BootstrapBinary.RepositoryRoot(), "Makefile"));
        (int builtExit, string built) = await MakeAsync("-n", BootstrapBinary.BuiltTarget, "ARTIFACTS_DIR=/tmp/hb-dry-run");

        Assert.Equal(0, builtExit);
        Assert.Contains("./scripts/publish-aot.sh $(PROJECT) \"$(ARTIFACTS_DIR)\"", makefile, StringComparison.Ordinal);
        Assert.Contains("PROJECT := src/HybridBatch.Bootstrap", makefile, StringComparison.Ordinal);
        foreach (string function in s_functions)
        {
            (int exitCode, string recipe) = await MakeAsync("-n", "build-" + function, "ARTIFACTS_DIR=/tmp/hb-dry-run");
            Assert.True(exitCode == 0, $"no target build-{function}: {recipe}");
            Assert.Equal(built, recipe);
        }
    }

    [Fact]
    public async Task A_mistyped_function_name_is_no_target()
    {
        // SAM passes the LogicalId; a typo must fail the build rather than publish under a name no function has.
        (int exitCode, string output) = await MakeAsync("-n", "build-RoutFunction", "ARTIFACTS_DIR=/tmp/hb-dry-run");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("No rule to make target", output, StringComparison.Ordinal);
        Assert.Contains("build-RoutFunction", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_target_runs_the_publish_script_alone_and_refuses_to_run_without_artifacts_dir()
    {
        foreach (string function in s_functions)
        {
            (int dryRun, string planned) = await MakeAsync("-n", "build-" + function, "ARTIFACTS_DIR=/tmp/hb-dry-run");
            Assert.Equal(0, dryRun);
            Assert.Contains("./scripts/publish-aot.sh src/HybridBatch.Bootstrap \"/tmp/hb-dry-run\"", planned, StringComparison.Ordinal);
        }

        (int exitCode, string output) = await MakeAsync("build-AggregateFunction");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ARTIFACTS_DIR is required", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> MakeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("make") { WorkingDirectory = BootstrapBinary.RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process make = Process.Start(start)!;
        Task<string> stdout = make.StandardOutput.ReadToEndAsync();
        Task<string> stderr = make.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await make.WaitForExitAsync(limit.Token);
        return (make.ExitCode, await stdout + await stderr);
    }
}
