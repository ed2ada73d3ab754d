using System.Text;

namespace HybridBatch.Core.Schema;

/// <summary>
/// One object member under a node whose <c>patternProperties</c>, <c>additionalProperties</c> beside them and
/// <c>unevaluatedProperties</c> the walk evaluates itself (<see cref="CompoundKeywords.ObjectKeywordsInWalk"/>):
/// which patterns its name matched, found once, then the subschemas those keywords apply to its value. Reasons
/// and their order are those of <see cref="CompoundValidator"/>'s separate pass, which a seeded test compares.
/// </summary>
internal readonly struct MemberEvaluation
{
    private readonly ulong _patternHits;
    private readonly int _timedOutPattern;
    private readonly bool _declared;

    private MemberEvaluation(ulong patternHits, int timedOutPattern, bool declared)
    {
        _patternHits = patternHits;
        _timedOutPattern = timedOutPattern;
        _declared = declared;
    }

    /// <summary>
    /// <paramref name="index"/>: the name's place in the node's <paramref name="table"/>, or -1. A listed name's
    /// pattern matches were worked out at load (<see cref="CompoundKeywords.ListedPatternHits"/>) when they could be.
    /// </summary>
    public static MemberEvaluation Match(CompoundKeywords keywords, ReadOnlySpan<byte> utf8Name, int index, PropertyTable? table)
    {
        bool declared = index >= 0 && table!.Nodes[index] is not null;
        return index >= 0 && keywords.ListedPatternHits is { } listed
            ? new MemberEvaluation(listed[index], -1, declared)
            : Match(keywords, utf8Name, declared);
    }

    /// <summary><paramref name="declared"/>: the name has a schema in <c>properties</c> (not only in <c>required</c>).</summary>
    private static MemberEvaluation Match(CompoundKeywords keywords, ReadOnlySpan<byte> utf8Name, bool declared)
    {
        ulong hits = 0;
        int timedOut = -1;
        PatternProperty[] patterns = keywords.PatternProperties ?? [];
        for (int p = 0; p < patterns.Length; p++)
        {
            if (patterns[p].Matcher.MatchesPattern(utf8Name, out bool timeout))
            {
                hits |= 1UL << p;
            }
            else if (timeout)
            {
                // The separate pass stops at this pattern: what later patterns say is never asked.
                timedOut = p;
                break;
            }
        }

        return new MemberEvaluation(hits, timedOut, declared);
    }

    /// <summary>
    /// The patterns each of <paramref name="table"/>'s names matches (bit p for pattern p), for
    /// <see cref="CompoundKeywords.ListedPatternHits"/>; null when a pattern runs on the backtracking engine, whose
    /// timeout makes a name's answer depend on the moment it is asked.
    /// </summary>
    public static ulong[]? ListedHits(PatternProperty[] patterns, PropertyTable table)
    {
        foreach (PatternProperty pattern in patterns)
        {
            SchemaNode matcher = pattern.Matcher;
            if (matcher.FastPattern is null && (matcher.Pattern is null || (matcher.Pattern.Options & System.Text.RegularExpressions.RegexOptions.NonBacktracking) == 0))
            {
                return null;
            }
        }

        var hits = new ulong[table.Count];
        for (int i = 0; i < table.Count; i++)
        {
            byte[] name = Encoding.UTF8.GetBytes(table.Names[i]);
            for (int p = 0; p < patterns.Length; p++)
            {
                if (patterns[p].Matcher.MatchesPattern(name, out bool timeout))
                {
                    hits[i] |= 1UL << p;
                }
                else if (timeout)
                {
                    return null;
                }
            }
        }

        return hits;
    }

    /// <summary>
    /// The member's patternProperties / additionalProperties failure (null when none); its unevaluatedProperties
    /// failure goes to <paramref name="unevaluatedFailure"/> unless an earlier member's is already there, since the
    /// separate pass reported those only after every member passed the other two keywords.
    /// </summary>
    public ValidationError? Check(SchemaNode node, CompoundKeywords keywords, ReadOnlySpan<byte> value, string? knownName, ReadOnlySpan<byte> utf8Name, int maxDepth, ref ValidationError? unevaluatedFailure)
    {
        PatternProperty[] patterns = keywords.PatternProperties ?? [];
        for (ulong hits = _patternHits; hits != 0; hits &= hits - 1)
        {
            PatternProperty pattern = patterns[System.Numerics.BitOperations.TrailingZeroCount(hits)];
            ValidationError? error = CompoundValidator.Sub(pattern.Schema.Node, value, maxDepth);
            if (error is not null)
            {
                return FieldPath.UnderProperty(Name(knownName, utf8Name), CompoundValidator.Within(error, $"patternProperties {pattern.Schema.Location}"));
            }
        }

        if (_timedOutPattern >= 0)
        {
            return new ValidationError(Name(knownName, utf8Name), patterns[_timedOutPattern].Matcher.PatternTimeoutReason!) { PatternTimedOut = true };
        }

        bool matched = _declared || _patternHits != 0;
        if (!matched && keywords.AdditionalBesidePatterns is { } additional)
        {
            if (additional.RejectsAll)
            {
                return new ValidationError("", $"unexpected property '{Name(knownName, utf8Name)}'");
            }

            ValidationError? error = CompoundValidator.Sub(additional, value, maxDepth);
            if (error is not null)
            {
                return FieldPath.UnderProperty(Name(knownName, utf8Name), error);
            }
        }

        if (unevaluatedFailure is null && !matched && !node.AdditionalWritten && keywords.UnevaluatedProperties is { } unevaluated)
        {
            unevaluatedFailure = Unevaluated(unevaluated, value, Name(knownName, utf8Name), maxDepth);
        }

        return null;
    }

    private static ValidationError? Unevaluated(SchemaBranch unevaluated, ReadOnlySpan<byte> value, string name, int maxDepth)
    {
        if (unevaluated.Node.RejectsAll)
        {
            return new ValidationError("", $"unevaluated property '{name}' ({unevaluated.Location})");
        }

        ValidationError? error = CompoundValidator.Sub(unevaluated.Node, value, maxDepth);
        return error is null ? null : FieldPath.UnderProperty(name, CompoundValidator.Within(error, $"unevaluatedProperties {unevaluated.Location}"));
    }

    private static string Name(string? knownName, ReadOnlySpan<byte> utf8Name) => knownName ?? Encoding.UTF8.GetString(utf8Name);
}
