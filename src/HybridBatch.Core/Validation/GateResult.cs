namespace HybridBatch.Core.Validation;

/// <summary>Whether the validation gate passed, and if not, every reason why.</summary>
public sealed record GateResult(bool Passed, IReadOnlyList<string> Reasons);
