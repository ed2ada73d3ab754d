using System.Text;

namespace HybridBatch.Core.Generation;

/// <summary>
/// Produces strings matching a small, linear subset of ECMA-262 regular expressions: optional <c>^</c> and
/// <c>$</c> anchors, literals, escaped literals, <c>.</c>, character classes with ranges, <c>\d</c>,
/// <c>\w</c>, <c>\s</c>, and the quantifiers <c>?</c>, <c>*</c>, <c>+</c>, <c>{n}</c>, <c>{n,}</c>,
/// <c>{n,m}</c>. Anything else (groups, alternation, negated classes, assertions, back references) is
/// rejected up front, because a generator that guessed would emit values the validator rejects.
/// </summary>
internal sealed class PatternGenerator
{
    private const int MaxFiniteRepeat = 1000;

    private static readonly char[] s_digits = Range('0', '9');
    private static readonly char[] s_word = [.. Range('A', 'Z'), .. Range('a', 'z'), .. s_digits, '_'];
    private static readonly char[] s_space = [' '];
    private static readonly char[] s_any = [.. s_word, '-', '.', ' '];

    private readonly PatternAtom[] _atoms;

    private PatternGenerator(string pattern, PatternAtom[] atoms)
    {
        Pattern = pattern;
        _atoms = atoms;
        foreach (var atom in atoms)
        {
            MinLength += atom.Min;
            MaxLength = atom.Max == int.MaxValue || MaxLength == int.MaxValue ? int.MaxValue : MaxLength + atom.Max;
        }
    }

    public string Pattern { get; }

    /// <summary>Shortest string the pattern can produce, in characters (all generated characters are in the BMP).</summary>
    public int MinLength { get; }

    /// <summary>Longest string the pattern can produce; <see cref="int.MaxValue"/> when unbounded.</summary>
    public int MaxLength { get; }

    /// <summary>Parses <paramref name="pattern"/>; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="ArgumentException">The pattern uses a construct outside the supported subset.</exception>
    public static PatternGenerator Parse(string pattern, string path)
    {
        var atoms = new List<PatternAtom>();
        var i = 0;
        if (pattern.StartsWith('^'))
        {
            i = 1;
        }

        var end = pattern.Length;
        if (end > i && pattern[end - 1] == '$' && !IsEscaped(pattern, end - 1))
        {
            end--;
        }

        while (i < end)
        {
            char[] choices;
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    choices = ParseEscape(pattern, ref i, end, path);
                    break;
                case '[':
                    choices = ParseClass(pattern, ref i, end, path);
                    break;
                case '.':
                    choices = s_any;
                    i++;
                    break;
                case '(' or ')' or '|' or '^' or '$' or '*' or '+' or '?' or '{' or '}' or ']':
                    throw Unsupported(pattern, path, $"'{c}' at position {i}");
                default:
                    if (char.IsSurrogate(c))
                    {
                        throw Unsupported(pattern, path, $"non-BMP character at position {i}");
                    }

                    choices = [c];
                    i++;
                    break;
            }

            var (min, max) = ParseQuantifier(pattern, ref i, end, path);
            atoms.Add(new PatternAtom(choices, min, max));
        }

        return new PatternGenerator(pattern, [.. atoms]);
    }

    /// <summary>
    /// Appends a matching string to <paramref name="output"/>, whose length (in characters) lies within
    /// [<paramref name="minLength"/>, <paramref name="maxLength"/>]; callers check feasibility with
    /// <see cref="MinLength"/>/<see cref="MaxLength"/> beforehand.
    /// </summary>
    public void Generate(ref SplitMix64 random, ValueBuffer output, int minLength, int maxLength)
    {
        Span<int> counts = _atoms.Length <= 64 ? stackalloc int[_atoms.Length] : new int[_atoms.Length];
        var total = 0;
        for (var a = 0; a < _atoms.Length; a++)
        {
            var atom = _atoms[a];
            counts[a] = atom.Min == atom.TypicalMax ? atom.Min : (int)random.NextInclusive(atom.Min, atom.TypicalMax);
            total += counts[a];
        }

        // Random counts may miss the length bounds; nudge repeatable atoms until they fit.
        for (var a = 0; a < _atoms.Length && total > maxLength; a++)
        {
            var take = Math.Min(counts[a] - _atoms[a].Min, total - maxLength);
            counts[a] -= take;
            total -= take;
        }

        for (var a = 0; a < _atoms.Length && total < minLength; a++)
        {
            var headroom = _atoms[a].Max == int.MaxValue ? int.MaxValue : _atoms[a].Max - counts[a];
            var add = Math.Min(headroom, minLength - total);
            counts[a] += add;
            total += add;
        }

        for (var a = 0; a < _atoms.Length; a++)
        {
            var choices = _atoms[a].Choices;
            for (var n = 0; n < counts[a]; n++)
            {
                output.AppendChar(choices.Length == 1 ? choices[0] : choices[random.Next(choices.Length)]);
            }
        }
    }

    private static char[] ParseEscape(string pattern, ref int i, int end, string path)
    {
        if (i + 1 >= end)
        {
            throw Unsupported(pattern, path, "trailing backslash");
        }

        var e = pattern[i + 1];
        i += 2;
        return e switch
        {
            'd' => s_digits,
            'w' => s_word,
            's' => s_space,
            'n' => ['\n'],
            't' => ['\t'],
            'r' => ['\r'],
            // Escaped punctuation is that literal character; letters and digits are classes, assertions or
            // back references we do not model.
            _ when !char.IsAsciiLetterOrDigit(e) && e != '_' && !char.IsSurrogate(e) => [e],
            _ => throw Unsupported(pattern, path, $"escape '\\{e}' at position {i - 2}"),
        };
    }

    private static char[] ParseClass(string pattern, ref int i, int end, string path)
    {
        var start = i;
        i++;
        if (i < end && pattern[i] == '^')
        {
            throw Unsupported(pattern, path, $"negated character class at position {start}");
        }

        var set = new SortedSet<char>();
        while (i < end && pattern[i] != ']')
        {
            char[] item;
            if (pattern[i] == '\\')
            {
                item = ParseEscape(pattern, ref i, end, path);
            }
            else if (pattern[i] == '[' || char.IsSurrogate(pattern[i]))
            {
                throw Unsupported(pattern, path, $"'{pattern[i]}' inside a character class at position {i}");
            }
            else
            {
                item = [pattern[i]];
                i++;
            }

            // A '-' between two single characters is a range; elsewhere it is a literal.
            if (item.Length == 1 && i + 1 < end && pattern[i] == '-' && pattern[i + 1] != ']')
            {
                i++;
                char[] upper;
                if (pattern[i] == '\\')
                {
                    upper = ParseEscape(pattern, ref i, end, path);
                }
                else
                {
                    upper = [pattern[i]];
                    i++;
                }

                if (upper.Length != 1 || upper[0] < item[0])
                {
                    throw Unsupported(pattern, path, $"invalid range in character class at position {start}");
                }

                item = Range(item[0], upper[0]);
            }

            set.UnionWith(item);
        }

        if (i >= end)
        {
            throw Unsupported(pattern, path, $"unterminated character class at position {start}");
        }

        i++;
        if (set.Count == 0)
        {
            throw Unsupported(pattern, path, $"empty character class at position {start}");
        }

        return [.. set];
    }

    private static (int Min, int Max) ParseQuantifier(string pattern, ref int i, int end, string path)
    {
        if (i >= end)
        {
            return (1, 1);
        }

        (int, int) result;
        switch (pattern[i])
        {
            case '?':
                i++;
                result = (0, 1);
                break;
            case '*':
                i++;
                result = (0, int.MaxValue);
                break;
            case '+':
                i++;
                result = (1, int.MaxValue);
                break;
            case '{':
                result = ParseBraces(pattern, ref i, end, path);
                break;
            default:
                return (1, 1);
        }

        if (i < end && pattern[i] is '?' or '*' or '+' or '{')
        {
            throw Unsupported(pattern, path, $"lazy or repeated quantifier at position {i}");
        }

        return result;
    }

    private static (int Min, int Max) ParseBraces(string pattern, ref int i, int end, string path)
    {
        var start = i;
        var close = pattern.IndexOf('}', i);
        if (close < 0 || close >= end)
        {
            throw Unsupported(pattern, path, $"unterminated quantifier at position {start}");
        }

        var body = pattern.AsSpan(i + 1, close - i - 1);
        i = close + 1;
        var comma = body.IndexOf(',');
        var minText = comma < 0 ? body : body[..comma];
        if (!TryParseCount(minText, out var min))
        {
            throw Unsupported(pattern, path, $"quantifier at position {start}");
        }

        if (comma < 0)
        {
            return (min, min);
        }

        var maxText = body[(comma + 1)..];
        if (maxText.IsEmpty)
        {
            return (min, int.MaxValue);
        }

        if (!TryParseCount(maxText, out var max) || max < min)
        {
            throw Unsupported(pattern, path, $"quantifier at position {start}");
        }

        return (min, max);
    }

    private static bool TryParseCount(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 4)
        {
            return false;
        }

        foreach (var ch in text)
        {
            if (!char.IsAsciiDigit(ch))
            {
                return false;
            }

            value = (value * 10) + (ch - '0');
        }

        return value <= MaxFiniteRepeat;
    }

    private static bool IsEscaped(string pattern, int index)
    {
        var backslashes = 0;
        for (var k = index - 1; k >= 0 && pattern[k] == '\\'; k--)
        {
            backslashes++;
        }

        return (backslashes & 1) == 1;
    }

    private static char[] Range(char from, char to)
    {
        var result = new char[to - from + 1];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = (char)(from + k);
        }

        return result;
    }

    private static ArgumentException Unsupported(string pattern, string path, string what)
    {
        return new ArgumentException($"Cannot generate values for pattern \"{pattern}\" at {path}: unsupported {what}.");
    }
}
