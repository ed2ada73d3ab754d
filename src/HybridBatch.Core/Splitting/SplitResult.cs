using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Splitting;

/// <summary>The split's small summary, plus the plan and report it stored (for hosts that show them).</summary>
public sealed record SplitResult(SplitSummary Summary, ChunkPlan Plan, ValidationReport Report);
