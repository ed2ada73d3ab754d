using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Core.Batch;

/// <summary>One chunk to run as a Batch job: where its input is, how big the job is, and which queue and definition to use.</summary>
public sealed record SubmitChunkJobRequest
{
    public required string RunId { get; init; }

    public required ChunkPlanEntry Chunk { get; init; }

    /// <summary>The chunk's route; must say <see cref="Route.Batch"/>. Its vCPUs and memory size the job.</summary>
    public required RouteDecision Route { get; init; }

    /// <summary>Bucket of the input object, passed to the job as the <c>bucket</c> parameter.</summary>
    public required string Bucket { get; init; }

    /// <summary>Key of the input object, passed to the job as the <c>key</c> parameter.</summary>
    public required string Key { get; init; }

    /// <summary>The bucket of the run's files, passed as the <c>workBucket</c> parameter when given.</summary>
    public string? WorkBucket { get; init; }

    public required string JobQueue { get; init; }

    public required string JobDefinition { get; init; }

    /// <summary>Fails with an error that names the bad field.</summary>
    public void Validate()
    {
        Require(RunId, nameof(RunId));
        Require(Bucket, nameof(Bucket));
        Require(Key, nameof(Key));
        Require(JobQueue, nameof(JobQueue));
        Require(JobDefinition, nameof(JobDefinition));
        ArgumentNullException.ThrowIfNull(Chunk);
        ArgumentNullException.ThrowIfNull(Route);
        if (Route.ChunkId != Chunk.ChunkId)
        {
            throw new ArgumentException($"Route is for chunk {Route.ChunkId}, not chunk {Chunk.ChunkId} of run {RunId}", nameof(Route));
        }

        // A chunk routed to Lambda is being processed there; running it on Batch too would publish it twice.
        if (Route.Route != Routing.Route.Batch)
        {
            throw new ArgumentException($"chunk {Chunk.ChunkId} of run {RunId} is routed to {Route.Route}, not batch", nameof(Route));
        }

        if (Route.Vcpus <= 0 || Route.MemoryMiB <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Route), $"chunk {Chunk.ChunkId} of run {RunId} needs positive vCPUs and memory, got {Route.Vcpus} vCPU / {Route.MemoryMiB} MiB");
        }
    }

    private static void Require(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is empty", name);
        }
    }
}
