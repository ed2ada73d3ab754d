using System.Diagnostics;
using System.Text.RegularExpressions;
using HybridBatch.Functions.Tests.Support;

namespace HybridBatch.Functions.Tests.Runtime;

/// <summary>
/// The SAM build targets. The binary every test drives is built by <c>make build-RouteFunction</c>; the other
/// targets must run the very same recipe, and any target must refuse to run without <c>ARTIFACTS_DIR</c>.
/// </summary>
public sealed partial class MakefileTests
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
    public void Every_function_has_a_target_with_the_same_recipe_as_the_built_one()
    {
        string makefile = File.ReadAllText(Path.Combine(BootstrapBinary.RepositoryRoot(), "Makefile"));
        Dictionary<string, string> recipes = Targets().Matches(makefile).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["recipe"].Value);
        string built = recipes[BootstrapBinary.BuiltTarget];

        Assert.Contains("./scripts/publish-aot.sh $(PROJECT) \"$(ARTIFACTS_DIR)\"", built, StringComparison.Ordinal);
        Assert.Contains("PROJECT := src/HybridBatch.Bootstrap", makefile, StringComparison.Ordinal);
        foreach (string function in s_functions)
        {
            Assert.True(recipes.TryGetValue("build-" + function, out string? recipe), $"no target build-{function}");
            Assert.Equal(built, recipe);
        }
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

    // A target line, then its tab-indented recipe lines.
    [GeneratedRegex(@"^(?<name>build-\w+):[^\n]*\n(?<recipe>(?:\t[^\n]*\n)+)", RegexOptions.Multiline)]
    private static partial Regex Targets();
}
