using System.Text;

namespace HybridBatch.Core.Schema;

/// <summary>
/// Writes a parsed ECMA-262 (<c>u</c>) pattern as a .NET regex that means the same on well-formed UTF-16 text:
/// every character set becomes an explicit class over code points (<c>\d</c>, <c>\w</c>, <c>\s</c>, <c>.</c> and
/// <c>\p{…}</c> keep ECMA-262's meanings, supplementary characters are matched as whole surrogate pairs),
/// <c>$</c> is the very end (.NET's also matches before a final newline), <c>\b</c> uses ECMA-262's ASCII word
/// characters, and groups are numbered left to right as ECMA-262 numbers them.
/// </summary>
internal static class PatternSyntax
{
    private const string WordClass = "[0-9A-Z_a-z]";

    /// <summary>Parses (throwing <see cref="PatternSyntaxException"/> as ECMA-262 would) and translates.</summary>
    public static string ToDotNet(string pattern) => ToDotNet(EcmaPatternParser.Parse(pattern), keepCaptures: true);

    /// <summary>
    /// Without <paramref name="keepCaptures"/> every group is written non-capturing: only backreferences need
    /// captures, and NonBacktracking matches faster without them.
    /// </summary>
    public static string ToDotNet(PatternNode tree, bool keepCaptures)
    {
        var text = new StringBuilder();
        Write(tree, text, keepCaptures);
        return text.ToString();
    }

    /// <summary>Above this many surrogate-pair alternatives, building the NonBacktracking automaton costs seconds.</summary>
    private const int LinearEngineSupplementaryParts = 16;

    /// <summary>
    /// True when the pattern needs the backtracking engine: lookaround, backreferences, <c>\b</c>/<c>\B</c>
    /// (written as lookarounds, since .NET's own <c>\b</c> takes Unicode word characters), and classes with
    /// many supplementary ranges such as <c>\p{L}</c> (NonBacktracking takes seconds to build those).
    /// </summary>
    public static bool NeedsBacktracking(PatternNode tree) => Any(tree, node =>
        node is LookaroundNode or BackreferenceNode
        || node is AnchorNode { Kind: AnchorKind.WordBoundary or AnchorKind.NotWordBoundary }
        || node is CharSetNode { Set.SupplementaryPartCount: > LinearEngineSupplementaryParts });

    private static void Write(PatternNode node, StringBuilder text, bool keepCaptures)
    {
        switch (node)
        {
            case AlternationNode alternation:
                for (int i = 0; i < alternation.Branches.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append('|');
                    }

                    Write(alternation.Branches[i], text, keepCaptures);
                }

                break;
            case SequenceNode sequence:
                foreach (PatternNode term in sequence.Terms)
                {
                    Write(term, text, keepCaptures);
                }

                break;
            case CharSetNode set:
                text.Append(set.Set.ToDotNet());
                break;
            case GroupNode group:
                text.Append(group.Capture is not null && keepCaptures ? "(" : "(?:");
                Write(group.Body, text, keepCaptures);
                text.Append(')');
                break;
            case LookaroundNode look:
                text.Append(look.Behind ? "(?<" : "(?").Append(look.Negated ? '!' : '=');
                Write(look.Body, text, keepCaptures);
                text.Append(')');
                break;
            case QuantifiedNode quantified:
                // Wrapped so the quantifier applies to the whole atom (a surrogate pair is two .NET units).
                text.Append("(?:");
                Write(quantified.Atom, text, keepCaptures);
                text.Append(')');
                text.Append(quantified switch
                {
                    { Min: 0, Max: null } => "*",
                    { Min: 1, Max: null } => "+",
                    { Min: 0, Max: 1 } => "?",
                    { Max: null } => $"{{{quantified.Min},}}",
                    _ when quantified.Min == quantified.Max => $"{{{quantified.Min}}}",
                    _ => $"{{{quantified.Min},{quantified.Max}}}",
                });
                if (quantified.Lazy)
                {
                    text.Append('?');
                }

                break;
            case BackreferenceNode reference:
                // ECMA-262: a group that has not captured matches the empty string; in .NET it fails the match.
                text.Append($"(?({reference.Group})\\{reference.Group}|)");
                break;
            case AnchorNode anchor:
                text.Append(anchor.Kind switch
                {
                    AnchorKind.Start => "\\A",
                    AnchorKind.End => "\\z",
                    AnchorKind.WordBoundary => $"(?:(?<={WordClass})(?!{WordClass})|(?<!{WordClass})(?={WordClass}))",
                    _ => $"(?:(?<={WordClass})(?={WordClass})|(?<!{WordClass})(?!{WordClass}))",
                });
                break;
            default:
                throw new InvalidOperationException($"unknown pattern node {node.GetType().Name}");
        }
    }

    private static bool Any(PatternNode node, Func<PatternNode, bool> test) => test(node) || node switch
    {
        AlternationNode alternation => alternation.Branches.Any(b => Any(b, test)),
        SequenceNode sequence => sequence.Terms.Any(t => Any(t, test)),
        GroupNode group => Any(group.Body, test),
        LookaroundNode look => Any(look.Body, test),
        QuantifiedNode quantified => Any(quantified.Atom, test),
        _ => false,
    };
}
