namespace HybridBatch.Core.Batch;

/// <summary>What <see cref="IBatchJobs.SubmitAsync"/> sends: SubmitJob with parameters, an optional vCPU/memory override and tags.</summary>
public sealed record BatchJobRequest
{
    /// <summary>Letters, digits, hyphens and underscores, at most 128 characters.</summary>
    public required string JobName { get; init; }

    public required string JobQueue { get; init; }

    /// <summary>Name, name:revision or ARN of the job definition.</summary>
    public required string JobDefinition { get; init; }

    /// <summary>Substituted for <c>Ref::name</c> in the job definition's command.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>containerOverrides.resourceRequirements VCPU; null keeps the job definition's (with <see cref="MemoryMiB"/>).</summary>
    public int? Vcpus { get; init; }

    /// <summary>containerOverrides.resourceRequirements MEMORY, in MiB; null keeps the job definition's (with <see cref="Vcpus"/>).</summary>
    public int? MemoryMiB { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
