namespace HybridBatch.Core.Generation;

/// <summary>One pattern element: a set of characters repeated between <see cref="Min"/> and <see cref="Max"/> times.</summary>
/// <param name="Choices">Characters any one of which matches the element.</param>
/// <param name="Min">Fewest repetitions.</param>
/// <param name="Max">Most repetitions; <see cref="int.MaxValue"/> for <c>*</c>, <c>+</c> and <c>{n,}</c>.</param>
internal readonly record struct PatternAtom(char[] Choices, int Min, int Max)
{
    /// <summary>Unbounded quantifiers still need a limit when generating; this keeps values short.</summary>
    public const int UnboundedExtra = 8;

    public int TypicalMax => Max == int.MaxValue ? Min + UnboundedExtra : Max;
}
