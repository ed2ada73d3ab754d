using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// The Release build's own output folder (what <c>dotnet run -c Release</c>, the bench and the README start) holds
/// precompiled (ReadyToRun) code for the assemblies every command loads, made by src/HybridBatch.Cli/ReadyToRun.targets;
/// a fresh process then compiles far less at start (docs/performance.md, "ReadyToRun in the build"). Each image must
/// still be the very assembly that was built (same metadata, so the same version id), and the folder keeps the
/// framework-dependent layout the librdkafka loader reads (runtimes/RID/native/).
/// </summary>
public sealed class ReadyToRunBuildTests
{
    private static readonly string[] Precompiled =
        ["hybridbatch", "HybridBatch.Core", "HybridBatch.Adapters", "HybridBatch.Functions", "System.CommandLine", "System.IO.Hashing"];

    private static string CliOutput => Repository.File(Path.Combine("src", "HybridBatch.Cli", "bin", "Release", "net10.0"));

    [Fact]
    public void TheReleaseBuildOfTheCliHoldsReadyToRunImagesOfTheAssembliesItBuilt()
    {
        if (!BuiltInRelease())
        {
            return;
        }

        foreach (string name in Precompiled)
        {
            string image = Path.Combine(CliOutput, name + ".dll");
            Assert.True(HasReadyToRunCode(image), $"{image} has no ReadyToRun code");
        }

        // The IL build of the CLI itself (obj/) and the ReadyToRun image share one version id: crossgen2 kept its metadata.
        string intermediate = Repository.File(Path.Combine("src", "HybridBatch.Cli", "obj", "Release", "net10.0", "hybridbatch.dll"));
        Assert.False(HasReadyToRunCode(intermediate), $"{intermediate} should be the compiler's IL-only output");
        Assert.Equal(VersionId(intermediate), VersionId(Path.Combine(CliOutput, "hybridbatch.dll")));
    }

    [Fact]
    public void TheReleaseBuildOfTheCliKeepsTheNativeLibrariesUnderRuntimes()
    {
        if (!BuiltInRelease())
        {
            return;
        }

        // A RID-specific build would copy them flat beside the assemblies; the loader's last fallback reads runtimes/RID/native/.
        Assert.True(File.Exists(Path.Combine(CliOutput, "runtimes", "linux-x64", "native", "librdkafka.so")), "runtimes/linux-x64/native/librdkafka.so is missing");
        Assert.False(File.Exists(Path.Combine(CliOutput, "librdkafka.so")), "librdkafka.so was copied flat into the output folder");
    }

    [Fact]
    public async Task TheReleaseBuildOfTheCliFindsLibrdkafkaAndPublishesToTheLocalCluster()
    {
        if (!BuiltInRelease())
        {
            return;
        }

        using var folder = new TempFolder();
        string input = folder.File("orders.jsonl");
        await CliRunner.RunAsync("generate", "--records", "500", "--invalid-rate", "0.01", "--out", input);

        // The output folder's own executable, not this test folder's copy: it is the precompiled build users start.
        (int exitCode, string output, string log) = await ChildProcess.RunAsync(Path.Combine(CliOutput, "hybridbatch"),
            ["run", input, "--schema", "orders", "--destination", "kafka", "--out", folder.File("out")], folder.File(""),
            new Dictionary<string, string?> { ["KAFKA_BROKERS"] = null, ["KAFKA_LIBRDKAFKA"] = null }, TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, log + output);
        Assert.Matches(@"found (\S+) records \(\1 distinct\), published \1: match", output);
    }

    /// <summary>Only a Release build makes the images (a Debug build stays debuggable); this test assembly was built like the CLI.</summary>
    private static bool BuiltInRelease()
    {
#if RELEASE
        return true;
#else
        return false;
#endif
    }

    /// <summary>A ReadyToRun image points its CLI header's managed native header at the ReadyToRun header; IL-only assemblies leave it empty.</summary>
    private static bool HasReadyToRunCode(string path)
    {
        using var reader = new PEReader(File.OpenRead(path));
        return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    private static Guid VersionId(string path)
    {
        using var reader = new PEReader(File.OpenRead(path));
        MetadataReader metadata = reader.GetMetadataReader();
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
    }
}
