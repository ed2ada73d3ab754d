using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace HybridBatch.Deploy.Tests.Architecture;

/// <summary>
/// What the architecture rules need to know of one built assembly, read from its metadata (no loading, no reflection
/// over types): its name, whether it is an executable (it has an entry point), the assemblies it references, and its
/// namespace dependency graph.
/// </summary>
/// <param name="Name">The assembly's name (<c>HybridBatch.Core</c>, <c>bootstrap</c>, <c>hybridbatch</c>).</param>
/// <param name="IsExecutable">True when the assembly has an entry point (OutputType Exe).</param>
/// <param name="References">The names of the assemblies it references.</param>
/// <param name="NamespaceEdges">For each of its namespaces, the other namespaces of the same assembly its types use.</param>
public sealed record AssemblyFacts(
    string Name,
    bool IsExecutable,
    IReadOnlyList<string> References,
    IReadOnlyDictionary<string, IReadOnlySet<string>> NamespaceEdges)
{
    /// <summary>Reads an assembly file; only namespaces that start with <paramref name="namespacePrefix"/> enter the graph.</summary>
    public static AssemblyFacts Read(string path, string namespacePrefix = "HybridBatch")
    {
        using FileStream file = File.OpenRead(path);
        using var pe = new PEReader(file);
        MetadataReader metadata = pe.GetMetadataReader();
        bool executable = pe.PEHeaders.CorHeader is { EntryPointTokenOrRelativeVirtualAddress: not 0 };
        var references = metadata.AssemblyReferences
            .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
            .Order(StringComparer.Ordinal)
            .ToList();
        var edges = NamespaceGraphReader.Read(pe, metadata, namespacePrefix);
        return new AssemblyFacts(metadata.GetString(metadata.GetAssemblyDefinition().Name), executable, references, edges);
    }
}
