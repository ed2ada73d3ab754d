using HybridBatch.Core.Storage;

namespace HybridBatch.Cli.Local;

/// <summary>
/// Where a local run reads its input and keeps its files: the store, the input object, the work bucket, and
/// where a <c>hybridbatch process</c> child finds them (a folder for the local store, else a bucket).
/// </summary>
/// <param name="Store">The object store holding both the input and the run's files.</param>
/// <param name="Source">The input object.</param>
/// <param name="WorkBucket">Where <c>runs/{runId}/</c> is written (a folder for the local store).</param>
/// <param name="LocalOutputRoot">Folder under which the <c>file</c> destination writes <c>runs/{runId}/output/</c>.</param>
internal sealed record RunTarget(IObjectStore Store, ObjectLocation Source, string WorkBucket, string LocalOutputRoot)
{
    /// <summary>The folder the <c>file</c> destination writes a run's messages to.</summary>
    public string OutputFolder(string runId) => Path.Combine(LocalOutputRoot, "runs", runId, "output");

    /// <summary>How to show an object of this run to a person.</summary>
    public string Describe(ObjectLocation location) => Store is Adapters.Storage.LocalObjectStore
        ? Adapters.Storage.LocalObjectStore.PathOf(location)
        : location.ToString();
}
