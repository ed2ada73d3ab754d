namespace HybridBatch.Core.Storage;

/// <summary>
/// The keys one run writes under <c>runs/{runId}/</c> in the work bucket. One place, so the split, the
/// workers, the aggregator and the state machine agree on them.
/// </summary>
public sealed class RunLayout
{
    public RunLayout(string workBucket, string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        WorkBucket = workBucket;
        RunId = runId;
        Prefix = $"runs/{runId}/";
    }

    public string WorkBucket { get; }

    public string RunId { get; }

    public string Prefix { get; }

    public ObjectLocation Plan => At("plan.json");

    public ObjectLocation Validation => At("validation.json");

    /// <summary>The plan's chunks alone, as a JSON array: what the Distributed Map's <c>ItemReader</c> reads.</summary>
    public ObjectLocation ChunkItems => At("chunks.json");

    /// <summary>The split's summary, so a Batch validate job hands the state machine the same answer as the split function.</summary>
    public ObjectLocation Summary => At("summary.json");

    public ObjectLocation Rejects => At("rejects.jsonl");

    public ObjectLocation Report => At("report.json");

    /// <summary>A copy of the schema the split used, so every worker validates with exactly the same one.</summary>
    public ObjectLocation Schema => At("schema.json");

    public string ResultsPrefix => Prefix + "results/";

    public ObjectLocation Result(int chunkId) => At($"results/chunk-{chunkId:D5}.json");

    public ObjectLocation Progress(int chunkId) => At($"progress/chunk-{chunkId:D5}.json");

    public ObjectLocation StagedChunk(int chunkId) => At($"chunks/chunk-{chunkId:D5}.data");

    public ObjectLocation Output(int chunkId) => At($"output/chunk-{chunkId:D5}.jsonl");

    private ObjectLocation At(string relative) => new(WorkBucket, Prefix + relative);
}
