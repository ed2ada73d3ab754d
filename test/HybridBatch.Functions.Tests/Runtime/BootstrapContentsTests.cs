using HybridBatch.Functions.Tests.Support;
using Xunit.Abstractions;

namespace HybridBatch.Functions.Tests.Runtime;

/// <summary>
/// <c>bootstrap</c> holds only what the Lambda functions run. A Native AOT publish leaves no assemblies beside the
/// binary; what went into it is the IL compiler's input, which the publish writes to
/// <c>obj/…/native/bootstrap.ilc.rsp</c>: the input assembly and one <c>-r:</c> line per assembly it may compile from.
/// The test reads that list from the same publish the other runtime tests drive (<see cref="BootstrapBinary"/>).
/// </summary>
public sealed class BootstrapContentsTests(ITestOutputHelper output)
{
    // The projects bootstrap is built from, and nothing else of ours.
    private static readonly string[] s_ownAssemblies = ["HybridBatch.Adapters", "HybridBatch.Core", "HybridBatch.Functions", "bootstrap"];

    // What generates, mocks, measures or tests: none of it may reach the Lambda functions. Our assemblies by name, test
    // and bench packages by prefix.
    private static readonly string[] s_refusedAssemblies = ["HybridBatch.Generation", "HybridBatch.MockKafka", "HybridBatch.Bench", "hybridbatch"];
    private static readonly string[] s_refusedPackages =
    [
        "xunit", "testhost", "Microsoft.TestPlatform", "Microsoft.VisualStudio.TestPlatform", "CsCheck", "BenchmarkDotNet",
        "YamlDotNet", "JsonSchema.Net", "Json.More",
    ];

    [Fact]
    public async Task The_published_bootstrap_is_compiled_from_the_function_projects_only()
    {
        string binary = await BootstrapBinary.PathAsync();
        string responseFile = Path.Combine(BootstrapBinary.RepositoryRoot(), "src", "HybridBatch.Bootstrap", "obj", "Release", "net10.0", "linux-x64", "native", "bootstrap.ilc.rsp");
        Assert.True(File.Exists(responseFile), $"the Native AOT publish left no IL compiler input list at {responseFile}");

        List<string> compiled = IlcInputs(await File.ReadAllLinesAsync(responseFile));
        List<string> published = Directory.GetFiles(Path.GetDirectoryName(binary)!).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;
        output.WriteLine($"IL compiler inputs ({compiled.Count}): {string.Join(", ", compiled.Where(name => !name.StartsWith("System.", StringComparison.Ordinal)))}");
        output.WriteLine($"published files: {string.Join(", ", published)}");

        Assert.Equal(s_ownAssemblies, compiled.Where(IsOurs).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(compiled, IsRefused);
        Assert.DoesNotContain(published, IsRefused);
        // A Native AOT publish ships the one binary and native libraries, no managed assembly to load.
        Assert.DoesNotContain(published, file => file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
        // The list is really the compiler's: the framework and the packages the functions use are on it.
        Assert.Contains("System.Private.CoreLib", compiled);
        Assert.Contains("Confluent.Kafka", compiled);
    }

    [Fact]
    public void The_input_list_parser_reads_inputs_and_references_and_nothing_else()
    {
        string[] lines =
        [
            "obj/Release/net10.0/linux-x64/bootstrap.dll",
            "-o:obj/Release/net10.0/linux-x64/native/bootstrap.o",
            "-r:/root/.nuget/packages/confluent.kafka/2.16.0/lib/net10.0/Confluent.Kafka.dll",
            "-r:/work/src/HybridBatch.MockKafka/bin/Release/net10.0/HybridBatch.MockKafka.dll",
            "--targetos:linux",
        ];

        List<string> compiled = IlcInputs(lines);

        Assert.Equal(["Confluent.Kafka", "HybridBatch.MockKafka", "bootstrap"], compiled);
        Assert.Single(compiled, IsRefused);
    }

    private static List<string> IlcInputs(IEnumerable<string> lines) => lines
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && (!line.StartsWith('-') || line.StartsWith("-r:", StringComparison.Ordinal)))
        .Select(line => Path.GetFileNameWithoutExtension(line.StartsWith("-r:", StringComparison.Ordinal) ? line[3..] : line))
        .Order(StringComparer.Ordinal)
        .ToList();

    private static bool IsOurs(string assembly) =>
        assembly.StartsWith("HybridBatch", StringComparison.Ordinal) || assembly is "bootstrap" or "hybridbatch";

    private static bool IsRefused(string name) =>
        s_refusedAssemblies.Any(refused => name == refused || name == refused + ".dll")
        || s_refusedPackages.Any(refused => name.StartsWith(refused, StringComparison.OrdinalIgnoreCase))
        || name.Contains(".Tests", StringComparison.OrdinalIgnoreCase);
}
