using HybridBatch.Core.Batch;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>
/// The SubmitJob parameters the submit use cases really send (src/HybridBatch.Core/Batch), caught by a recording
/// <see cref="IBatchJobs"/>: what a job definition's <c>Ref::</c> placeholders can rely on.
/// </summary>
internal static class SubmittedParameters
{
    public static IReadOnlyDictionary<string, string> Validation(string? schema, string? format)
    {
        var jobs = new RecordingBatchJobs();
        new SubmitValidationJob(jobs).ExecuteAsync(new SubmitValidationJobRequest
        {
            RunId = "orders-0b7c2f1e9a4d",
            Bucket = "data",
            Key = "incoming/orders.jsonl",
            WorkBucket = "work",
            Schema = schema,
            Format = format,
            JobQueue = "queue",
            JobDefinition = "validation",
        }, CancellationToken.None).GetAwaiter().GetResult();
        return Assert.Single(jobs.Submitted).Parameters;
    }

    public static IReadOnlyDictionary<string, string> Chunk(string? workBucket)
    {
        var jobs = new RecordingBatchJobs();
        new SubmitChunkJob(jobs).ExecuteAsync(new SubmitChunkJobRequest
        {
            RunId = "orders-0b7c2f1e9a4d",
            Chunk = new ChunkPlanEntry
            {
                ChunkId = 1,
                StartIndex = 500,
                EndIndex = 1000,
                ByteStart = 100,
                ByteEnd = 200,
                Records = 500,
                Bytes = 100,
                Rejected = 0,
                FirstLine = 501,
            },
            Route = new RouteDecision
            {
                ChunkId = 1,
                Route = Route.Batch,
                Policy = RoutingPolicy.Threshold,
                Reason = "more records than the threshold",
                Records = 500,
                EstimatedSeconds = 60,
                EstimatedCostUsd = 0.01,
                Vcpus = 4,
                MemoryMiB = 8192,
                Alternative = new RouteEstimate(Route.Lambda, 90, 0.02, 1, 3008),
            },
            Bucket = "data",
            Key = "incoming/orders.jsonl",
            WorkBucket = workBucket,
            JobQueue = "queue",
            JobDefinition = "processing",
        }, CancellationToken.None).GetAwaiter().GetResult();
        return Assert.Single(jobs.Submitted).Parameters;
    }

    /// <summary>Batch with no jobs yet: every submit is a new one, and is recorded.</summary>
    private sealed class RecordingBatchJobs : IBatchJobs
    {
        public List<BatchJobRequest> Submitted { get; } = [];

        public Task<SubmittedBatchJob> SubmitAsync(BatchJobRequest request, CancellationToken cancellationToken)
        {
            Submitted.Add(request);
            return Task.FromResult(new SubmittedBatchJob($"job-{Submitted.Count}", request.JobName, null));
        }

        public Task<IReadOnlyList<BatchJob>> DescribeAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<BatchJob>>([]);

        public Task TerminateAsync(string jobId, string reason, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<BatchJobSummary>> FindByNameAsync(string jobQueue, string jobName, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<BatchJobSummary>>([]);

        public Task<IReadOnlyList<BatchJobSummary>> ListByStatusAsync(string jobQueue, BatchJobStatus status, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<BatchJobSummary>>([]);
    }
}
