namespace HybridBatch.Core.Schema;

/// <summary>One <c>dependentRequired</c> entry: when <see cref="Name"/> is present, so must each of <see cref="Required"/> be.</summary>
internal sealed record DependentRequirement(string Name, string[] Required);
