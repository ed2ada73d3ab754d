namespace HybridBatch.Core.Schema;

/// <summary>
/// A byte-level matcher for the common shape of record patterns, e.g. <c>^ORD-[0-9]{10}$</c>: a <c>^</c>-anchored
/// sequence of ASCII literals and classes with quantifiers, optionally ending in <c>$</c>. Matching it directly on
/// the UTF-8 bytes is several times faster than decoding and running the interpreted regex.
/// </summary>
/// <remarks>
/// Matching is greedy without backtracking, so a variable quantifier is only accepted when its characters cannot
/// be matched by anything after it; then greedy and backtracking matches agree. Patterns outside this shape return
/// null from <see cref="TryParse"/> and stay with <see cref="System.Text.RegularExpressions.Regex"/>.
/// </remarks>
internal sealed class SimplePattern
{
    private readonly Atom[] _atoms;
    private readonly bool _anchoredEnd;

    private SimplePattern(Atom[] atoms, bool anchoredEnd)
    {
        _atoms = atoms;
        _anchoredEnd = anchoredEnd;
    }

    public static SimplePattern? TryParse(string pattern)
    {
        if (pattern.Length == 0 || pattern[0] != '^')
        {
            return null;
        }

        var atoms = new List<Atom>();
        bool anchoredEnd = false;
        int i = 1;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            if (c == '$')
            {
                if (i != pattern.Length - 1)
                {
                    return null;
                }

                anchoredEnd = true;
                break;
            }

            CharSet set;
            if (c == '[')
            {
                if (!TryParseClass(pattern, ref i, out set))
                {
                    return null;
                }
            }
            else if (c == '\\')
            {
                if (!TryParseEscape(pattern, i + 1, out set))
                {
                    return null;
                }

                i += 2;
            }
            else if (IsPlainLiteral(c))
            {
                set = CharSet.Of(c);
                i++;
            }
            else
            {
                return null;
            }

            if (!TryParseQuantifier(pattern, ref i, out int min, out int max))
            {
                return null;
            }

            atoms.Add(new Atom(set, min, max));
        }

        // A variable-length atom must not be able to eat what a later atom needs; otherwise greedy can be wrong.
        var later = default(CharSet);
        for (int a = atoms.Count - 1; a >= 0; a--)
        {
            if (atoms[a].Min != atoms[a].Max && atoms[a].Set.Overlaps(later))
            {
                return null;
            }

            later = later.Union(atoms[a].Set);
        }

        return new SimplePattern(atoms.ToArray(), anchoredEnd);
    }

    public bool IsMatch(ReadOnlySpan<byte> utf8)
    {
        int position = 0;
        foreach (Atom atom in _atoms)
        {
            int count = 0;
            while (count < atom.Max && position < utf8.Length && atom.Set.Contains(utf8[position]))
            {
                position++;
                count++;
            }

            if (count < atom.Min)
            {
                return false;
            }
        }

        return !_anchoredEnd || position == utf8.Length;
    }

    private static bool IsPlainLiteral(char c) => c is >= ' ' and <= '~' && "\\^$.|?*+()[]{}".IndexOf(c) < 0;

    private static bool TryParseEscape(string pattern, int i, out CharSet set)
    {
        set = default;
        if (i >= pattern.Length)
        {
            return false;
        }

        char c = pattern[i];
        if (c == 'd')
        {
            // ECMA-262 \d is ASCII only (and the fallback regex is rewritten to match).
            set = CharSet.Range('0', '9');
            return true;
        }

        if ("\\^$.|?*+()[]{}/-".IndexOf(c) >= 0)
        {
            set = CharSet.Of(c);
            return true;
        }

        return false;
    }

    private static bool TryParseClass(string pattern, ref int i, out CharSet set)
    {
        set = default;
        i++;
        if (i >= pattern.Length || pattern[i] is '^' or ']')
        {
            return false;
        }

        while (i < pattern.Length && pattern[i] != ']')
        {
            char first;
            if (pattern[i] == '\\')
            {
                if (i + 1 >= pattern.Length || "\\]-[^".IndexOf(pattern[i + 1]) < 0)
                {
                    return false;
                }

                first = pattern[i + 1];
                i += 2;
            }
            else if (pattern[i] is >= ' ' and <= '~' && pattern[i] != '[')
            {
                first = pattern[i];
                i++;
            }
            else
            {
                return false;
            }

            if (i + 1 < pattern.Length && pattern[i] == '-' && pattern[i + 1] != ']')
            {
                char last = pattern[i + 1];
                if (last is < ' ' or > '~' || last is '\\' or '[' || last < first)
                {
                    return false;
                }

                set = set.Union(CharSet.Range(first, last));
                i += 2;
            }
            else
            {
                set = set.Union(CharSet.Of(first));
            }
        }

        if (i >= pattern.Length)
        {
            return false;
        }

        i++;
        return true;
    }

    private static bool TryParseQuantifier(string pattern, ref int i, out int min, out int max)
    {
        min = 1;
        max = 1;
        if (i >= pattern.Length)
        {
            return true;
        }

        switch (pattern[i])
        {
            case '?':
                (min, max) = (0, 1);
                i++;
                break;
            case '*':
                (min, max) = (0, int.MaxValue);
                i++;
                break;
            case '+':
                (min, max) = (1, int.MaxValue);
                i++;
                break;
            case '{':
                int close = pattern.IndexOf('}', i);
                if (close < 0)
                {
                    return false;
                }

                string[] parts = pattern[(i + 1)..close].Split(',');
                if (parts.Length > 2 || !int.TryParse(parts[0], out min) || min < 0)
                {
                    return false;
                }

                max = min;
                if (parts.Length == 2)
                {
                    if (parts[1].Length == 0)
                    {
                        max = int.MaxValue;
                    }
                    else if (!int.TryParse(parts[1], out max) || max < min)
                    {
                        return false;
                    }
                }

                i = close + 1;
                break;
            default:
                return true;
        }

        // Lazy (?) or stacked quantifiers change the meaning; leave those to the regex engine.
        return i >= pattern.Length || pattern[i] is not ('?' or '*' or '+' or '{');
    }

    private readonly record struct Atom(CharSet Set, int Min, int Max);

    /// <summary>A set of ASCII characters as a 128-bit mask; bytes >= 0x80 are never members.</summary>
    private readonly record struct CharSet(ulong Low, ulong High)
    {
        public static CharSet Of(char c) => Range(c, c);

        public static CharSet Range(char first, char last)
        {
            var set = default(CharSet);
            for (char c = first; c <= last; c++)
            {
                set = c < 64 ? set with { Low = set.Low | (1UL << c) } : set with { High = set.High | (1UL << (c - 64)) };
            }

            return set;
        }

        public CharSet Union(CharSet other) => new(Low | other.Low, High | other.High);

        public bool Overlaps(CharSet other) => (Low & other.Low) != 0 || (High & other.High) != 0;

        public bool Contains(byte b) => b < 64 ? ((Low >> b) & 1) != 0 : b < 128 && ((High >> (b - 64)) & 1) != 0;
    }
}
