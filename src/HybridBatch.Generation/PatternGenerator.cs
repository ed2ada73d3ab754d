using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// Produces strings for a JSON Schema <c>pattern</c> by walking the same ECMA-262 parse tree the validator builds
/// its matchers from (<see cref="EcmaPatternParser"/>), so the generator cannot read a pattern differently from the
/// validator. Alternations pick a branch, quantifiers a count, classes a code point (ASCII letters and digits when the
/// class has them, so values look like data), backreferences repeat what their group produced. Lookarounds and word
/// boundaries are not constructed (<see cref="Exact"/> is false): such candidates are checked and retried.
/// </summary>
internal sealed class PatternGenerator
{
    /// <summary>Unbounded quantifiers still need a limit when generating; this keeps values short.</summary>
    private const int UnboundedExtra = 8;

    private readonly PatternNode _tree;
    private readonly Dictionary<ObjectIdentity, int[]> _friendly = [];

    // The set of the code point before, and its friendly code points: a repeated class ([A-Z]{3}) draws from the same
    // set over and over, and a reference comparison is cheaper than a lookup per character.
    private CodePointSet? _lastSet;
    private int[] _lastFriendly = [];

    private PatternGenerator(string pattern, PatternNode tree)
    {
        Pattern = pattern;
        _tree = tree;
        Exact = IsExact(tree);
    }

    public string Pattern { get; }

    /// <summary>True when every generated string matches (no lookaround, no word boundary to honour).</summary>
    public bool Exact { get; }

    /// <summary>Parses <paramref name="pattern"/> as the validator does; it was already accepted when the schema loaded.</summary>
    public static PatternGenerator Parse(string pattern) => new(pattern, EcmaPatternParser.Parse(pattern));

    /// <summary>
    /// Appends one candidate. <paramref name="attempt"/> varies the lengths the quantifiers aim for (typical, shortest,
    /// long enough for <paramref name="minLength"/>) so that a caller retrying for a length bound reaches it.
    /// </summary>
    public void Generate(ref SplitMix64 random, ValueBuffer output, int minLength, int attempt)
    {
        var captures = new Dictionary<int, (int Start, int End)>();
        int extra = (attempt % 3) switch
        {
            0 => UnboundedExtra,
            1 => 0,
            _ => Math.Max(UnboundedExtra + 1, minLength),
        };
        Write(_tree, ref random, output, captures, extra, attempt % 3 == 1);
    }

    private void Write(PatternNode node, ref SplitMix64 random, ValueBuffer output, Dictionary<int, (int, int)> captures, int extra, bool shortest)
    {
        switch (node)
        {
            case AlternationNode alternation:
                Write(alternation.Branches[random.Next(alternation.Branches.Count)], ref random, output, captures, extra, shortest);
                break;
            case SequenceNode sequence:
                foreach (PatternNode term in sequence.Terms)
                {
                    Write(term, ref random, output, captures, extra, shortest);
                }

                break;
            case CharSetNode set:
                WriteCodePoint(set.Set, ref random, output);
                break;
            case GroupNode group:
                int start = output.Length;
                Write(group.Body, ref random, output, captures, extra, shortest);
                if (group.Capture is int number)
                {
                    captures[number] = (start, output.Length);
                }

                break;
            case QuantifiedNode quantified:
                int most = quantified.Max ?? quantified.Min + extra;
                if (quantified.Max is int max && max > quantified.Min + extra)
                {
                    most = quantified.Min + Math.Max(extra, UnboundedExtra);
                }

                // Aiming long (extra beyond the usual), an unbounded repeat takes at least half the extra, so one reaches minLength.
                int least = quantified.Max is null && extra > UnboundedExtra ? quantified.Min + (extra / 2) : quantified.Min;
                int count = shortest ? quantified.Min : (int)random.NextInclusive(least, Math.Max(least, most));
                for (int i = 0; i < count; i++)
                {
                    Write(quantified.Atom, ref random, output, captures, extra, shortest);
                }

                break;
            case BackreferenceNode reference:
                if (captures.TryGetValue(reference.Group, out (int Start, int End) captured))
                {
                    byte[] copy = output.Written[captured.Start..captured.End].ToArray();
                    output.Append(copy);
                }

                break;
            default:
                // Anchors and lookarounds consume nothing; ^ and $ hold at the ends of a generated string.
                break;
        }
    }

    private void WriteCodePoint(CodePointSet set, ref SplitMix64 random, ValueBuffer output)
    {
        if (!ReferenceEquals(set, _lastSet))
        {
            if (!_friendly.TryGetValue(new(set), out int[]? found))
            {
                found = Friendly(set);
                _friendly[new(set)] = found;
            }

            (_lastSet, _lastFriendly) = (set, found);
        }

        int[] friendly = _lastFriendly;

        if (friendly.Length > 0)
        {
            output.AppendCodePoint(friendly[random.Next(friendly.Length)]);
            return;
        }

        IReadOnlyList<(int First, int Last)> ranges = set.Ranges;
        if (ranges.Count == 0)
        {
            // An empty class matches nothing; the candidate fails its check.
            return;
        }

        (int first, int last) = ranges[random.Next(ranges.Count)];
        int codePoint = (int)random.NextInclusive(first, last);
        if (codePoint is >= 0xD800 and <= 0xDFFF)
        {
            // Never a lone surrogate (not valid UTF-8): take the range's nearest end outside the surrogate block.
            codePoint = first < 0xD800 ? first : last > 0xDFFF ? last : 0xFFFD;
        }

        output.AppendCodePoint(codePoint);
    }

    /// <summary>The set's ASCII letters and digits, else its printable ASCII, else nothing (pick from the ranges).</summary>
    private static int[] Friendly(CodePointSet set)
    {
        int[] alphanumeric = Enumerable.Range('0', 75).Where(c => char.IsAsciiLetterOrDigit((char)c) && set.Contains(c)).ToArray();
        return alphanumeric.Length > 0 ? alphanumeric : Enumerable.Range(0x20, 0x5F).Where(set.Contains).ToArray();
    }

    private static bool IsExact(PatternNode node) => node switch
    {
        AlternationNode alternation => alternation.Branches.All(IsExact),
        SequenceNode sequence => sequence.Terms.All(IsExact),
        GroupNode group => IsExact(group.Body),
        QuantifiedNode quantified => IsExact(quantified.Atom),
        LookaroundNode => false,
        AnchorNode anchor => anchor.Kind is AnchorKind.Start or AnchorKind.End,
        CharSetNode set => !set.Set.IsEmpty,
        _ => true,
    };
}
