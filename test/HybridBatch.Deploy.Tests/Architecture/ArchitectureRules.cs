namespace HybridBatch.Deploy.Tests.Architecture;

/// <summary>
/// The rules docs/architecture.md states, over the facts of the built assemblies. Each broken rule is one line that
/// names the assembly and what it references or the namespaces that form the cycle.
/// </summary>
public static class ArchitectureRules
{
    /// <summary>The assembly whose references must stay within the BCL (and the format decoders below).</summary>
    public const string Core = "HybridBatch.Core";

    /// <summary>
    /// Libraries Core may reference besides the BCL: managed decoders of input formats, with no I/O, service or console of
    /// their own (Parquet.Net reads Parquet footers and pages, ZstdSharp decodes zstd blocks). Anything else (AWS,
    /// Kafka, a logger, a console) belongs in Adapters or a host.
    /// </summary>
    public static readonly IReadOnlySet<string> CoreFormatLibraries = new HashSet<string>(StringComparer.Ordinal) { "Parquet", "ZstdSharp" };

    public static bool IsBcl(string assembly) =>
        assembly is "System" or "mscorlib" or "netstandard"
        || assembly.StartsWith("System.", StringComparison.Ordinal)
        || assembly.StartsWith("Microsoft.Win32.", StringComparison.Ordinal)
        || assembly == "Microsoft.VisualBasic.Core";

    /// <summary>Every broken rule, or none.</summary>
    /// <param name="assemblies">The facts of the built assemblies.</param>
    /// <param name="knownCycleEdges">
    /// Cycle edges that exist and are yet to be cut (<c>"Assembly: From -> To"</c>, <see cref="KnownCycleEdges"/>); every
    /// other edge inside a cycle is a violation.
    /// </param>
    public static IReadOnlyList<string> Violations(IReadOnlyCollection<AssemblyFacts> assemblies, IReadOnlySet<string>? knownCycleEdges = null)
    {
        knownCycleEdges ??= new HashSet<string>();
        var violations = new List<string>();
        foreach (AssemblyFacts core in assemblies.Where(assembly => assembly.Name == Core))
        {
            violations.AddRange(core.References
                .Where(reference => !IsBcl(reference) && !CoreFormatLibraries.Contains(reference))
                .Select(reference => $"{Core} references {reference}: Core may reference only the BCL (and {string.Join(", ", CoreFormatLibraries)})"));
        }

        var executables = assemblies.Where(assembly => assembly.IsExecutable).Select(assembly => assembly.Name).ToHashSet(StringComparer.Ordinal);
        foreach (AssemblyFacts executable in assemblies.Where(assembly => assembly.IsExecutable))
        {
            violations.AddRange(executable.References
                .Where(executables.Contains)
                .Select(reference => $"the executable {executable.Name} references the executable {reference}: reference the library it is built from"));
        }

        foreach (AssemblyFacts assembly in assemblies)
        {
            foreach (IReadOnlyList<string> cycle in NamespaceCycles.Find(assembly.NamespaceEdges))
            {
                List<string> added = CycleEdges(assembly, cycle).Where(edge => !knownCycleEdges.Contains($"{assembly.Name}: {edge}")).ToList();
                if (added.Count > 0)
                {
                    violations.Add($"{assembly.Name} has a namespace cycle: {string.Join(" <-> ", cycle)} (new: {string.Join("; ", added)})");
                }
            }
        }

        return violations;
    }

    /// <summary>Known cycle edges that no longer close a cycle: cut, so they leave the list.</summary>
    public static IReadOnlyList<string> Cut(IReadOnlyCollection<AssemblyFacts> assemblies, IReadOnlySet<string> knownCycleEdges)
    {
        var present = assemblies
            .SelectMany(assembly => NamespaceCycles.Find(assembly.NamespaceEdges).SelectMany(cycle => CycleEdges(assembly, cycle)).Select(edge => $"{assembly.Name}: {edge}"))
            .ToHashSet(StringComparer.Ordinal);
        return knownCycleEdges.Where(edge => !present.Contains(edge)).Order(StringComparer.Ordinal).ToList();
    }

    // The edges inside the cycle, so a message says which dependency to cut.
    private static IEnumerable<string> CycleEdges(AssemblyFacts assembly, IReadOnlyList<string> cycle) =>
        cycle.SelectMany(from => assembly.NamespaceEdges[from].Where(cycle.Contains).Order(StringComparer.Ordinal).Select(to => $"{from} -> {to}"));
}
