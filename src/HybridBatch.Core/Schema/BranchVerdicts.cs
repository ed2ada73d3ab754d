namespace HybridBatch.Core.Schema;

/// <summary>
/// Which <c>anyOf</c> and <c>oneOf</c> branches passed on a value, as the applicator checks found them, so
/// <c>unevaluated*</c> can take those branches' annotations without walking them again. Null arrays: not known.
/// </summary>
internal readonly record struct BranchVerdicts(bool[]? AnyOf, bool[]? OneOf);
