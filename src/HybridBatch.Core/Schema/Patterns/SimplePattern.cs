namespace HybridBatch.Core.Schema;

/// <summary>
/// A byte-level matcher for the common shape of record patterns, e.g. <c>^ORD-[0-9]{10}$</c>: a <c>^</c>-anchored
/// sequence of ASCII literals and classes with quantifiers, optionally ending in <c>$</c>. Matching it directly on
/// the UTF-8 bytes is several times faster than decoding and running the interpreted regex.
/// </summary>
/// <remarks>
/// Matching is greedy without backtracking, so a variable quantifier is only accepted when its characters cannot
/// be matched by anything after it; then greedy and backtracking matches agree. Only ASCII sets qualify, so a
/// UTF-8 byte of a multi-byte character (always >= 0x80) is never a member, as the code point is not. Patterns
/// outside this shape return null from <see cref="TryParse"/> and stay with
/// <see cref="System.Text.RegularExpressions.Regex"/>.
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

    /// <summary>
    /// The fast matcher for <paramref name="pattern"/>, or null when its shape needs the regex. Parsed by the same
    /// <see cref="EcmaPatternParser"/> as the regex path, so both read the pattern alike (and refuse it alike).
    /// </summary>
    public static SimplePattern? TryParse(string pattern) => TryCreate(EcmaPatternParser.Parse(pattern));

    public static SimplePattern? TryCreate(PatternNode tree)
    {
        IReadOnlyList<PatternNode> terms = tree is SequenceNode sequence ? sequence.Terms : [tree];
        if (terms.Count == 0 || terms[0] is not AnchorNode { Kind: AnchorKind.Start })
        {
            return null;
        }

        var atoms = new List<Atom>();
        bool anchoredEnd = false;
        for (int i = 1; i < terms.Count; i++)
        {
            PatternNode term = terms[i];
            if (term is AnchorNode { Kind: AnchorKind.End } && i == terms.Count - 1)
            {
                anchoredEnd = true;
                break;
            }

            // Lazy quantifiers are left to the regex: with the overlap rule below they would match alike, but
            // keeping the fast shape small keeps it obviously right.
            (PatternNode atom, int min, int max) = term switch
            {
                QuantifiedNode { Lazy: false } q => (q.Atom, q.Min, q.Max ?? int.MaxValue),
                _ => (term, 1, 1),
            };
            if (atom is not CharSetNode { Set.IsAscii: true } chars || chars.Set.IsEmpty)
            {
                return null;
            }

            atoms.Add(new Atom(CharSet.From(chars.Set), min, max));
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
        // By reference: an atom is 32 bytes, copied per step otherwise, and this runs for every patterned value.
        foreach (ref readonly Atom atom in _atoms.AsSpan())
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

    private readonly record struct Atom(CharSet Set, int Min, int Max);

    /// <summary>A set of ASCII characters as a 128-bit mask; bytes >= 0x80 are never members.</summary>
    private readonly record struct CharSet(ulong Low, ulong High)
    {
        public static CharSet From(CodePointSet set)
        {
            var result = default(CharSet);
            foreach ((int first, int last) in set.Ranges)
            {
                result = result.Union(Range((char)first, (char)last));
            }

            return result;
        }

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
