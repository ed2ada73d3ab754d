using System.Globalization;
using System.Text;

namespace HybridBatch.Core.Schema;

/// <summary>
/// A set of Unicode code points as sorted, non-overlapping, non-adjacent ranges: what one ECMA-262 <c>u</c>-mode
/// character class, escape, literal or <c>.</c> matches. Immutable.
/// </summary>
internal sealed class CodePointSet
{
    public const int MaxCodePoint = 0x10FFFF;

    private const int SurrogateFirst = 0xD800;
    private const int SurrogateLast = 0xDFFF;

    private readonly (int First, int Last)[] _ranges;

    private string? _dotNet;
    private int _supplementaryParts = -1;

    private CodePointSet((int First, int Last)[] ranges)
    {
        _ranges = ranges;
    }

    public static CodePointSet Empty { get; } = new([]);

    /// <summary>Every code point but the ECMA-262 line terminators: what <c>.</c> matches without the <c>s</c> flag.</summary>
    public static CodePointSet Dot { get; } = Of('\n', '\r', '\u2028', '\u2029').Complement();

    /// <summary><c>\d</c>: ASCII digits only, in every ECMA-262 mode.</summary>
    public static CodePointSet Digit { get; } = Range('0', '9');

    /// <summary><c>\w</c> without the <c>i</c> flag: ASCII letters, digits and the underscore.</summary>
    public static CodePointSet Word { get; } = Range('a', 'z').Union(Range('A', 'Z')).Union(Digit).Union(Of('_'));

    /// <summary><c>\s</c>: ECMA-262 WhiteSpace and LineTerminator (not .NET's <c>\s</c>, which lacks U+FEFF).</summary>
    public static CodePointSet Space { get; } = Of('\t', '\n', '\v', '\f', '\r', ' ', '\u00A0', '\u1680', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000', '\uFEFF')
        .Union(Range(0x2000, 0x200A));

    public IReadOnlyList<(int First, int Last)> Ranges => _ranges;

    public bool IsEmpty => _ranges.Length == 0;

    /// <summary>True when every member is ASCII, so a byte-level matcher can test UTF-8 directly.</summary>
    public bool IsAscii => _ranges.Length == 0 || _ranges[^1].Last < 0x80;

    public static CodePointSet Of(params int[] codePoints) => FromRanges(codePoints.Select(c => (c, c)));

    public static CodePointSet Of(params char[] chars) => FromRanges(chars.Select(c => ((int)c, (int)c)));

    public static CodePointSet Range(int first, int last) => FromRanges([(first, last)]);

    /// <summary>Sorts and merges any ranges (overlapping or adjacent ones become one).</summary>
    public static CodePointSet FromRanges(IEnumerable<(int First, int Last)> ranges)
    {
        var merged = new List<(int First, int Last)>();
        foreach ((int first, int last) in ranges.OrderBy(r => r.First))
        {
            if (merged.Count > 0 && first <= merged[^1].Last + 1)
            {
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, last));
            }
            else
            {
                merged.Add((first, last));
            }
        }

        return new CodePointSet(merged.ToArray());
    }

    public CodePointSet Union(CodePointSet other) => FromRanges(_ranges.Concat(other._ranges));

    public CodePointSet Complement()
    {
        var result = new List<(int First, int Last)>();
        int next = 0;
        foreach ((int first, int last) in _ranges)
        {
            if (first > next)
            {
                result.Add((next, first - 1));
            }

            next = last + 1;
        }

        if (next <= MaxCodePoint)
        {
            result.Add((next, MaxCodePoint));
        }

        return new CodePointSet(result.ToArray());
    }

    public bool Contains(int codePoint)
    {
        foreach ((int first, int last) in _ranges)
        {
            if (codePoint < first)
            {
                return false;
            }

            if (codePoint <= last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The set as one quantifiable .NET regex unit that matches exactly one code point of a well-formed UTF-16
    /// string: BMP members as a class, supplementary ones as surrogate pairs (a .NET class sees UTF-16 units).
    /// Lone surrogates are left out: a subject decoded from UTF-8 never holds one.
    /// </summary>
    public string ToDotNet() => _dotNet ??= Write();

    /// <summary>
    /// How many surrogate-pair alternatives <see cref="ToDotNet"/> writes. NonBacktracking takes seconds to build
    /// a pattern with hundreds of them (<c>\p{L}</c> has about 200), so such patterns take the other engine.
    /// </summary>
    public int SupplementaryPartCount => _supplementaryParts >= 0 ? _supplementaryParts : _supplementaryParts = SupplementaryParts().Count();

    private string Write()
    {
        var parts = new List<string>();
        var bmp = new StringBuilder();
        int bmpCount = 0;
        foreach ((int first, int last) in _ranges)
        {
            foreach ((int f, int l) in Clip(first, last, 0, SurrogateFirst - 1).Concat(Clip(first, last, SurrogateLast + 1, 0xFFFF)))
            {
                bmp.Append(Unit(f));
                if (l > f)
                {
                    bmp.Append('-').Append(Unit(l));
                }

                bmpCount += l > f ? 2 : 1;
            }
        }

        if (bmpCount == 1 && bmp.Length == 6)
        {
            parts.Add(bmp.ToString());
        }
        else if (bmp.Length > 0)
        {
            parts.Add("[" + bmp + "]");
        }

        parts.AddRange(SupplementaryParts());
        if (parts.Count == 0)
        {
            // A class that can match nothing and still be quantified (NonBacktracking refuses (?!)).
            return "[^\\u0000-\\uFFFF]";
        }

        return parts.Count == 1 && bmp.Length > 0 ? parts[0] : "(?:" + string.Join("|", parts) + ")";
    }

    /// <summary>Supplementary ranges grouped by lead surrogate; consecutive leads with the same trail set share one part.</summary>
    private IEnumerable<string> SupplementaryParts()
    {
        var trailsByLead = new SortedDictionary<int, List<(int, int)>>();
        foreach ((int first, int last) in _ranges)
        {
            foreach ((int f, int l) in Clip(first, last, 0x10000, MaxCodePoint))
            {
                for (int lead = Lead(f); lead <= Lead(l); lead++)
                {
                    int from = lead == Lead(f) ? Trail(f) : 0xDC00;
                    int to = lead == Lead(l) ? Trail(l) : 0xDFFF;
                    if (!trailsByLead.TryGetValue(lead, out List<(int, int)>? trails))
                    {
                        trailsByLead[lead] = trails = [];
                    }

                    trails.Add((from, to));
                }
            }
        }

        int? runStart = null;
        int runEnd = 0;
        string runTrails = "";
        foreach ((int lead, List<(int, int)> trails) in trailsByLead)
        {
            string trailClass = "[" + string.Concat(trails.Select(t => t.Item1 == t.Item2 ? Unit(t.Item1) : Unit(t.Item1) + "-" + Unit(t.Item2))) + "]";
            if (runStart is not null && lead == runEnd + 1 && trailClass == runTrails)
            {
                runEnd = lead;
                continue;
            }

            if (runStart is not null)
            {
                yield return LeadPart(runStart.Value, runEnd) + runTrails;
            }

            (runStart, runEnd, runTrails) = (lead, lead, trailClass);
        }

        if (runStart is not null)
        {
            yield return LeadPart(runStart.Value, runEnd) + runTrails;
        }
    }

    private static string LeadPart(int first, int last) => first == last ? Unit(first) : "[" + Unit(first) + "-" + Unit(last) + "]";

    private static int Lead(int codePoint) => 0xD800 + ((codePoint - 0x10000) >> 10);

    private static int Trail(int codePoint) => 0xDC00 + ((codePoint - 0x10000) & 0x3FF);

    private static string Unit(int unit) => "\\u" + unit.ToString("X4", CultureInfo.InvariantCulture);

    private static IEnumerable<(int, int)> Clip(int first, int last, int low, int high)
    {
        int f = Math.Max(first, low);
        int l = Math.Min(last, high);
        if (f <= l)
        {
            yield return (f, l);
        }
    }
}
