using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// <summary>Longest fixed-length pattern laid out position by position; longer ones keep the atom loop.</summary>
    private const int MaxFixedLength = 64;

    private readonly Atom[] _atoms;
    private readonly bool _anchoredEnd;

    /// <summary>Set when every atom has one count and the end is anchored (<c>^ORD-[0-9]{10}$</c>); null otherwise.</summary>
    private readonly FixedLayout? _fixed;

    private SimplePattern(Atom[] atoms, bool anchoredEnd, FixedLayout? fixedLayout)
    {
        _atoms = atoms;
        _anchoredEnd = anchoredEnd;
        _fixed = fixedLayout;
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
        var singleRanges = new List<(int First, int Last)?>();
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
            singleRanges.Add(chars.Set.Ranges.Count == 1 ? chars.Set.Ranges[0] : null);
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

        return new SimplePattern(atoms.ToArray(), anchoredEnd, anchoredEnd ? FixedLayout.TryCreate(atoms, singleRanges) : null);
    }

    /// <summary>True when matching takes the fixed layout (one length, a set per position).</summary>
    internal bool HasFixedLayout => _fixed is not null;

    /// <summary>True when the fixed layout checks its ranges as vectors of lanes (<see cref="RangeLanes"/>).</summary>
    internal bool HasRangeLanes => _fixed is { HasRangeLanes: true };

    public bool IsMatch(ReadOnlySpan<byte> utf8) => _fixed is not null ? _fixed.IsMatch(utf8) : IsMatchByAtoms(utf8);

    /// <summary>The general matcher, atom by atom; the fixed layout must agree with it (PatternEngineTests).</summary>
    internal bool IsMatchByAtoms(ReadOnlySpan<byte> utf8)
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

    /// <summary>
    /// A pattern of one length: the value's length is compared once, then each byte against its position's set. When
    /// every set is one range (a literal, <c>[0-9]</c>, <c>[A-Z]</c>) a byte costs one subtract and compare.
    /// </summary>
    private sealed class FixedLayout
    {
        private readonly byte[] _first;
        private readonly byte[] _width;
        private readonly CharSet[]? _sets;

        /// <summary>The layout's ranges as two vectors of lanes (<see cref="RangeLanes"/>), or null: then byte by byte.</summary>
        private readonly RangeLanes? _lanes;

        private FixedLayout(byte[] first, byte[] width, CharSet[]? sets)
        {
            _first = first;
            _width = width;
            _sets = sets;
            _lanes = sets is null ? RangeLanes.TryCreate(first, width) : null;
        }

        public static FixedLayout? TryCreate(List<Atom> atoms, List<(int First, int Last)?> singleRanges)
        {
            long length = 0;
            foreach (Atom atom in atoms)
            {
                if (atom.Min != atom.Max)
                {
                    return null;
                }

                length += atom.Min;
            }

            if (length > MaxFixedLength)
            {
                return null;
            }

            var first = new byte[length];
            var width = new byte[length];
            var sets = new CharSet[length];
            bool rangesOnly = true;
            int position = 0;
            for (int a = 0; a < atoms.Count; a++)
            {
                (int First, int Last)? range = singleRanges[a];
                rangesOnly &= range is not null;
                for (int n = 0; n < atoms[a].Min; n++, position++)
                {
                    sets[position] = atoms[a].Set;
                    if (range is { } r)
                    {
                        first[position] = (byte)r.First;
                        width[position] = (byte)(r.Last - r.First);
                    }
                }
            }

            return new FixedLayout(first, width, rangesOnly ? null : sets);
        }

        public bool HasRangeLanes => _lanes is not null;

        public bool IsMatch(ReadOnlySpan<byte> utf8)
        {
            byte[] first = _first;
            if (utf8.Length != first.Length)
            {
                return false;
            }

            if (_sets is { } sets)
            {
                for (int i = 0; i < utf8.Length && i < sets.Length; i++)
                {
                    if (!sets[i].Contains(utf8[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            if (_lanes is { } lanes)
            {
                return lanes.IsMatch(utf8);
            }

            return IsMatchByRanges(utf8);
        }

        /// <summary>The ranges byte by byte: lengths <see cref="RangeLanes"/> does not take, and its oracle in tests.</summary>
        public bool IsMatchByRanges(ReadOnlySpan<byte> utf8)
        {
            byte[] first = _first;
            if (utf8.Length != first.Length)
            {
                return false;
            }

            // ASCII ranges only, so a byte >= 0x80 is out of every one; one accumulated verdict, no branch per byte.
            byte[] width = _width;
            bool outside = false;
            for (int i = 0; i < utf8.Length && i < width.Length; i++)
            {
                outside |= (uint)(utf8[i] - first[i]) > width[i];
            }

            return !outside;
        }
    }

    /// <summary>
    /// A fixed layout of single ASCII ranges, 8 to 32 bytes long, checked as two 16-byte vectors of lanes at once instead
    /// of byte by byte: a lane passes when (byte - first) &lt;= width, unsigned and wrapping, which is the scalar compare
    /// (<see cref="FixedLayout.IsMatchByRanges"/>) because every range lies below 0x80. Up to 16 bytes the lanes are the
    /// value's first 8 and last 8 bytes (read as two words), up to 32 its first 16 and last 16: they overlap when the
    /// value is shorter, and each position is checked against its own range in every lane that holds it.
    /// </summary>
    private sealed class RangeLanes
    {
        private readonly int _length;
        private readonly Vector128<byte> _headFirst;
        private readonly Vector128<byte> _headWidth;
        private readonly Vector128<byte> _tailFirst;
        private readonly Vector128<byte> _tailWidth;

        private RangeLanes(int length, Vector128<byte> headFirst, Vector128<byte> headWidth, Vector128<byte> tailFirst, Vector128<byte> tailWidth)
        {
            _length = length;
            _headFirst = headFirst;
            _headWidth = headWidth;
            _tailFirst = tailFirst;
            _tailWidth = tailWidth;
        }

        public static RangeLanes? TryCreate(byte[] first, byte[] width)
        {
            int length = first.Length;
            // Lanes are laid out in memory order, which the word reads below keep only on little-endian machines.
            if (length is < 8 or > 32 || !Vector128.IsHardwareAccelerated || !BitConverter.IsLittleEndian)
            {
                return null;
            }

            // Up to 16: lanes 0-7 are positions 0-7, lanes 8-15 positions length-8 .. length-1 (the "tail" vectors unused).
            // Above 16: the head vectors are positions 0-15, the tail vectors positions length-16 .. length-1.
            var headFirst = new byte[16];
            var headWidth = new byte[16];
            var tailFirst = new byte[16];
            var tailWidth = new byte[16];
            for (int lane = 0; lane < 16; lane++)
            {
                int head = length <= 16 ? (lane < 8 ? lane : length - 16 + lane) : lane;
                headFirst[lane] = first[head];
                headWidth[lane] = width[head];
                int tail = length - 16 + lane;
                if (length > 16)
                {
                    tailFirst[lane] = first[tail];
                    tailWidth[lane] = width[tail];
                }
            }

            return new RangeLanes(length, Vector128.Create(headFirst), Vector128.Create(headWidth), Vector128.Create(tailFirst), Vector128.Create(tailWidth));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool IsMatch(ReadOnlySpan<byte> utf8)
        {
            int length = _length;
            if (utf8.Length != length)
            {
                return false;
            }

            ref byte start = ref MemoryMarshal.GetReference(utf8);
            if (length <= 16)
            {
                ulong head = Unsafe.ReadUnaligned<ulong>(ref start);
                ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, length - 8));
                return !Vector128.GreaterThanAny(Vector128.Create(head, tail).AsByte() - _headFirst, _headWidth);
            }

            Vector128<byte> first16 = Vector128.LoadUnsafe(ref start);
            Vector128<byte> last16 = Vector128.LoadUnsafe(ref start, (nuint)(length - 16));
            return !(Vector128.GreaterThanAny(first16 - _headFirst, _headWidth) || Vector128.GreaterThanAny(last16 - _tailFirst, _tailWidth));
        }
    }

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
