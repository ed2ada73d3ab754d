using System.Text.RegularExpressions;

namespace HybridBatch.Core.Schema;

/// <summary>
/// Builds the .NET regex for a JSON Schema <c>pattern</c>: ECMA-262 with the <c>u</c> flag, translated by
/// <see cref="PatternSyntax"/>, run in linear time by <see cref="RegexOptions.NonBacktracking"/> unless it needs
/// lookaround, a backreference or <c>\b</c>, which only the backtracking engine runs (then with a match timeout),
/// or its automaton would pass NonBacktracking's size limit.
/// </summary>
internal static class EcmaRegex
{
    /// <summary>Throws <see cref="PatternSyntaxException"/> for a pattern ECMA-262 (<c>u</c>) refuses.</summary>
    public static Regex Create(string pattern, TimeSpan backtrackingTimeout) => Create(EcmaPatternParser.Parse(pattern), backtrackingTimeout);

    /// <summary>As above, for a pattern already parsed (the schema compiler parses each pattern once).</summary>
    public static Regex Create(PatternNode tree, TimeSpan backtrackingTimeout)
    {
        try
        {
            return Build(tree, backtrackingTimeout);
        }
        catch (ArgumentException refused)
        {
            // Fail closed: a translation .NET will not build is a load error naming the pattern, never a crash.
            throw new PatternSyntaxException(0, $"this validator could not build the translated regex: {refused.Message}");
        }
    }

    private static Regex Build(PatternNode tree, TimeSpan backtrackingTimeout)
    {
        bool backtracking = PatternSyntax.NeedsBacktracking(tree);
        string dotNet = PatternSyntax.ToDotNet(tree, keepCaptures: backtracking);
        if (!backtracking)
        {
            try
            {
                return new Regex(dotNet, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (NotSupportedException)
            {
                // The automaton would pass NonBacktracking's size limit (large counted repeats of big classes
                // such as \p{L}{50}): such a pattern runs on the backtracking engine, with the same timeout.
            }
        }

        // Interpreted on purpose: RegexOptions.Compiled needs dynamic code, which Native AOT lacks.
        return new Regex(dotNet, RegexOptions.CultureInvariant, backtrackingTimeout);
    }
}
