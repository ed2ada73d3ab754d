using HybridBatch.Deploy.Tests.Architecture;
using Xunit.Abstractions;

namespace HybridBatch.Deploy.Tests;

/// <summary>
/// The architecture rules (docs/architecture.md) over the assemblies the projects build, read from their metadata next
/// to these tests: Core references only the BCL (and its two format decoders), no executable references an executable,
/// and no assembly gains a namespace cycle (the cycles that exist today are listed edge by edge in
/// <see cref="KnownCycleEdges"/>, a list that may only shrink). The checker is shown to fail on graphs and references
/// that break each rule.
/// </summary>
public class ArchitectureTests(ITestOutputHelper output)
{
    /// <summary>Every assembly the src/ projects build: the two executables and the libraries.</summary>
    public static readonly IReadOnlyList<string> Shipped =
    [
        "HybridBatch.Core", "HybridBatch.Adapters", "HybridBatch.Functions", "bootstrap",
        "HybridBatch.Generation", "HybridBatch.MockKafka", "HybridBatch.Bench", "hybridbatch",
    ];

    [Fact]
    public void The_built_assemblies_keep_every_rule()
    {
        List<AssemblyFacts> assemblies = Shipped.Select(name => AssemblyFacts.Read(Path.Combine(AppContext.BaseDirectory, name + ".dll"))).ToList();
        foreach (AssemblyFacts assembly in assemblies)
        {
            output.WriteLine($"{assembly.Name}{(assembly.IsExecutable ? " (executable)" : "")}: {assembly.NamespaceEdges.Count} namespaces, references {string.Join(", ", assembly.References.Where(r => !ArchitectureRules.IsBcl(r)))}");
        }

        Assert.Equal(["bootstrap", "hybridbatch"], assemblies.Where(a => a.IsExecutable).Select(a => a.Name).Order(StringComparer.Ordinal));
        // The graph is really read: Core's split uses its validator, and the CLI its local runner.
        Assert.Contains("HybridBatch.Core.Validation", assemblies.Single(a => a.Name == "HybridBatch.Core").NamespaceEdges["HybridBatch.Core.Splitting"]);
        Assert.Contains("HybridBatch.Cli.Local", assemblies.Single(a => a.Name == "hybridbatch").NamespaceEdges["HybridBatch.Cli.Commands"]);
        IReadOnlyList<string> violations = ArchitectureRules.Violations(assemblies, KnownCycleEdges.All);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        IReadOnlyList<string> cut = ArchitectureRules.Cut(assemblies, KnownCycleEdges.All);
        Assert.True(cut.Count == 0, "these edges no longer close a cycle; delete them from KnownCycleEdges:\n" + string.Join("\n", cut));
        // Issue 17's named cycles stay cut.
        Assert.DoesNotContain("HybridBatch.Core.Splitting", Edges(assemblies, "HybridBatch.Core", "HybridBatch.Core.Validation"));
        Assert.DoesNotContain("HybridBatch.Functions.Hosting", Edges(assemblies, "HybridBatch.Functions", "HybridBatch.Functions.Runtime"));
        Assert.DoesNotContain("HybridBatch.Functions.Hosting", Edges(assemblies, "HybridBatch.Functions", "HybridBatch.Functions.Events"));
        Assert.Empty(NamespaceCycles.Find(assemblies.Single(a => a.Name == "HybridBatch.Functions").NamespaceEdges));
    }

    [Fact]
    public void Bootstrap_references_only_what_the_functions_run()
    {
        AssemblyFacts bootstrap = AssemblyFacts.Read(Path.Combine(AppContext.BaseDirectory, "bootstrap.dll"));

        // Core and Adapters come through Functions; the compiler lists only what Main uses itself.
        Assert.Contains("HybridBatch.Functions", bootstrap.References);
        Assert.Empty(bootstrap.References
            .Where(r => r.StartsWith("HybridBatch", StringComparison.Ordinal) || r == "hybridbatch")
            .Except(["HybridBatch.Adapters", "HybridBatch.Core", "HybridBatch.Functions"]));
    }

    [Fact]
    public void A_core_reference_outside_the_bcl_is_refused()
    {
        AssemblyFacts core = Facts(ArchitectureRules.Core, references: ["System.Runtime", "System.IO.Hashing", "Parquet", "AWSSDK.S3"]);

        string violation = Assert.Single(ArchitectureRules.Violations([core]));
        Assert.Equal("HybridBatch.Core references AWSSDK.S3: Core may reference only the BCL (and Parquet, ZstdSharp)", violation);
    }

    [Fact]
    public void An_executable_referencing_an_executable_is_refused()
    {
        AssemblyFacts cli = Facts("hybridbatch", executable: true, references: ["bootstrap", "HybridBatch.Functions"]);
        AssemblyFacts bootstrap = Facts("bootstrap", executable: true, references: ["HybridBatch.Functions"]);
        AssemblyFacts functions = Facts("HybridBatch.Functions", references: ["HybridBatch.Core"]);

        string violation = Assert.Single(ArchitectureRules.Violations([cli, bootstrap, functions]));
        Assert.Equal("the executable hybridbatch references the executable bootstrap: reference the library it is built from", violation);
    }

    [Fact]
    public void A_namespace_cycle_is_refused_and_named_with_its_edges()
    {
        // Splitting <-> Validation closed by one type, as issue 17 found it; Records hangs off the cycle without being in it.
        AssemblyFacts core = Facts(ArchitectureRules.Core, edges: new()
        {
            ["HybridBatch.Core.Splitting"] = new HashSet<string> { "HybridBatch.Core.Validation", "HybridBatch.Core.Records" },
            ["HybridBatch.Core.Validation"] = new HashSet<string> { "HybridBatch.Core.Splitting", "HybridBatch.Core.Records" },
            ["HybridBatch.Core.Records"] = new HashSet<string>(),
        });

        string violation = Assert.Single(ArchitectureRules.Violations([core]));
        Assert.Equal(
            "HybridBatch.Core has a namespace cycle: HybridBatch.Core.Splitting <-> HybridBatch.Core.Validation " +
            "(new: HybridBatch.Core.Splitting -> HybridBatch.Core.Validation; HybridBatch.Core.Validation -> HybridBatch.Core.Splitting)",
            violation);

        // Known edges excuse only themselves: the cycle's other edge is still new.
        string partlyKnown = Assert.Single(ArchitectureRules.Violations([core], new HashSet<string> { "HybridBatch.Core: HybridBatch.Core.Splitting -> HybridBatch.Core.Validation" }));
        Assert.EndsWith("(new: HybridBatch.Core.Validation -> HybridBatch.Core.Splitting)", partlyKnown, StringComparison.Ordinal);
        var bothKnown = new HashSet<string>
        {
            "HybridBatch.Core: HybridBatch.Core.Splitting -> HybridBatch.Core.Validation",
            "HybridBatch.Core: HybridBatch.Core.Validation -> HybridBatch.Core.Splitting",
            "HybridBatch.Core: HybridBatch.Core.Records -> HybridBatch.Core.Schema",
        };
        Assert.Empty(ArchitectureRules.Violations([core], bothKnown));
        Assert.Equal(["HybridBatch.Core: HybridBatch.Core.Records -> HybridBatch.Core.Schema"], ArchitectureRules.Cut([core], bothKnown));
    }

    [Fact]
    public void Tarjan_finds_each_cycle_once_and_no_cycle_in_a_chain()
    {
        var graph = new Dictionary<string, IReadOnlySet<string>>
        {
            ["A"] = new HashSet<string> { "B" },
            ["B"] = new HashSet<string> { "C" },
            ["C"] = new HashSet<string> { "A", "D" },
            ["D"] = new HashSet<string> { "E" },
            ["E"] = new HashSet<string> { "D" },
            ["F"] = new HashSet<string> { "A" },
        };
        var chain = new Dictionary<string, IReadOnlySet<string>>
        {
            ["A"] = new HashSet<string> { "B" },
            ["B"] = new HashSet<string> { "C" },
            ["C"] = new HashSet<string>(),
        };

        IReadOnlyList<IReadOnlyList<string>> cycles = NamespaceCycles.Find(graph);

        Assert.Equal(2, cycles.Count);
        Assert.Equal(["A", "B", "C"], cycles[0]);
        Assert.Equal(["D", "E"], cycles[1]);
        Assert.Empty(NamespaceCycles.Find(chain));
    }

    [Fact]
    public void The_metadata_reader_finds_a_cycle_closed_only_inside_a_method_body()
    {
        // ProbeCycle.cs: Left uses Right only in a method body (newobj), Right uses Left only in a generic signature.
        AssemblyFacts tests = AssemblyFacts.Read(typeof(ArchitectureTests).Assembly.Location);

        IReadOnlyList<string> cycle = Assert.Single(NamespaceCycles.Find(tests.NamespaceEdges), c => c.Any(n => n.Contains(".Probe.", StringComparison.Ordinal)));
        Assert.Equal(["HybridBatch.Deploy.Tests.Architecture.Probe.Left", "HybridBatch.Deploy.Tests.Architecture.Probe.Right"], cycle);
    }

    private static IReadOnlySet<string> Edges(IEnumerable<AssemblyFacts> assemblies, string assembly, string ns) =>
        assemblies.Single(a => a.Name == assembly).NamespaceEdges.TryGetValue(ns, out IReadOnlySet<string>? edges) ? edges : new HashSet<string>();

    private static AssemblyFacts Facts(string name, bool executable = false, IReadOnlyList<string>? references = null, Dictionary<string, IReadOnlySet<string>>? edges = null) =>
        new(name, executable, references ?? [], edges ?? []);
}
