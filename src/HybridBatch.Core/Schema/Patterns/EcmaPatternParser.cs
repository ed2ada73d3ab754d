using System.Globalization;

namespace HybridBatch.Core.Schema;

/// <summary>
/// Parses a JSON Schema <c>pattern</c> as ECMA-262 reads a RegExp with the <c>u</c> flag (and no other): over code
/// points, with the <c>u</c> grammar's refusals (no Annex B leniency: a lone <c>{</c>, <c>}</c> or <c>]</c>, an
/// unknown escape, <c>(?i)</c>, a quantified lookaround, a backreference to a missing group are all errors).
/// </summary>
internal sealed class EcmaPatternParser
{
    private const string SyntaxCharacters = "^$\\.*+?()[]{}|";

    private readonly string _text;
    private readonly int[] _codePoints;
    private readonly int[] _offsets;
    private readonly Dictionary<string, int> _groupNames;
    private readonly int _groupTotal;
    private int _pos;
    private int _groupsOpened;

    private EcmaPatternParser(string text)
    {
        _text = text;
        var codePoints = new List<int>(text.Length);
        var offsets = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoints.Add(char.ConvertToUtf32(text[i], text[i + 1]));
                i++;
            }
            else
            {
                codePoints.Add(text[i]);
            }
        }

        offsets.Add(text.Length);
        _codePoints = codePoints.ToArray();
        _offsets = offsets.ToArray();
        (_groupTotal, _groupNames) = CountGroups();
    }

    /// <summary>Throws <see cref="PatternSyntaxException"/> where ECMA-262 (<c>u</c>) would throw a SyntaxError.</summary>
    public static PatternNode Parse(string pattern)
    {
        var parser = new EcmaPatternParser(pattern);
        PatternNode tree = parser.ParseDisjunction();
        if (!parser.AtEnd)
        {
            throw parser.Error(parser.Peek() == ')' ? "unmatched ')'" : $"unexpected '{parser.PeekText()}'");
        }

        return tree;
    }

    private bool AtEnd => _pos >= _codePoints.Length;

    private int Peek(int ahead = 0) => _pos + ahead < _codePoints.Length ? _codePoints[_pos + ahead] : -1;

    private string PeekText() => AtEnd ? "end of pattern" : char.ConvertFromUtf32(Peek());

    private bool Eat(char c)
    {
        if (Peek() == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private PatternSyntaxException Error(string reason) => ErrorAt(_pos, reason);

    private PatternSyntaxException ErrorAt(int codePointIndex, string reason) =>
        new(_offsets[Math.Min(codePointIndex, _offsets.Length - 1)], reason);

    private PatternNode ParseDisjunction()
    {
        var branches = new List<PatternNode> { ParseAlternative() };
        while (Eat('|'))
        {
            branches.Add(ParseAlternative());
        }

        return branches.Count == 1 ? branches[0] : new AlternationNode(branches);
    }

    private PatternNode ParseAlternative()
    {
        var terms = new List<PatternNode>();
        while (!AtEnd && Peek() != '|' && Peek() != ')')
        {
            terms.Add(ParseTerm());
        }

        return terms.Count == 1 ? terms[0] : new SequenceNode(terms);
    }

    private PatternNode ParseTerm()
    {
        int start = _pos;
        PatternNode atom;
        bool quantifiable = true;
        switch (Peek())
        {
            case '^':
                _pos++;
                atom = new AnchorNode(AnchorKind.Start);
                quantifiable = false;
                break;
            case '$':
                _pos++;
                atom = new AnchorNode(AnchorKind.End);
                quantifiable = false;
                break;
            case '\\' when Peek(1) is 'b' or 'B':
                atom = new AnchorNode(Peek(1) == 'b' ? AnchorKind.WordBoundary : AnchorKind.NotWordBoundary);
                _pos += 2;
                quantifiable = false;
                break;
            case '(':
                atom = ParseGroup(out quantifiable);
                break;
            case '.':
                _pos++;
                atom = new CharSetNode(CodePointSet.Dot);
                break;
            case '[':
                atom = new CharSetNode(ParseClass());
                break;
            case '\\':
                atom = ParseAtomEscape();
                break;
            case '*' or '+' or '?':
                throw Error($"nothing to repeat before '{PeekText()}'");
            case '{':
                throw Error(TryReadBraces(out _, out _) ? "nothing to repeat before '{'" : "lone '{' (write \\{ for the character)");
            case '}':
                throw Error("lone '}' (write \\} for the character)");
            case ']':
                throw Error("lone ']' (write \\] for the character)");
            default:
                atom = new CharSetNode(CodePointSet.Of(Peek()));
                _pos++;
                break;
        }

        if (!AtQuantifier())
        {
            return atom;
        }

        if (!quantifiable)
        {
            throw Error($"'{_text[_offsets[start].._offsets[_pos]]}' cannot be repeated");
        }

        return ParseQuantifier(atom);
    }

    private bool AtQuantifier() => Peek() is '*' or '+' or '?' || (Peek() == '{' && TryReadBraces(out _, out _));

    private PatternNode ParseQuantifier(PatternNode atom)
    {
        int start = _pos;
        int min;
        int? max;
        switch (Peek())
        {
            case '*':
                (min, max) = (0, null);
                _pos++;
                break;
            case '+':
                (min, max) = (1, null);
                _pos++;
                break;
            case '?':
                (min, max) = (0, 1);
                _pos++;
                break;
            default:
                TryReadBraces(out min, out max, advance: true);
                break;
        }

        if (max < min)
        {
            throw ErrorAt(start, "numbers out of order in {} quantifier");
        }

        bool lazy = Eat('?');
        return new QuantifiedNode(atom, min, max, lazy);
    }

    /// <summary>
    /// <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> with decimal digits only (so <c>a{ 2}</c> is no quantifier, and under
    /// <c>u</c> a syntax error); counts past what .NET can run are refused rather than clamped.
    /// </summary>
    private bool TryReadBraces(out int min, out int? max, bool advance = false)
    {
        min = 0;
        max = null;
        int i = _pos + 1;
        if (!TryDigits(ref i, out long low))
        {
            return false;
        }

        long? high = low;
        if (i < _codePoints.Length && _codePoints[i] == ',')
        {
            i++;
            high = TryDigits(ref i, out long h) ? h : null;
        }

        if (i >= _codePoints.Length || _codePoints[i] != '}')
        {
            return false;
        }

        if (advance)
        {
            if (low > int.MaxValue || high > int.MaxValue)
            {
                throw Error("quantifier count too large for this validator (at most 2147483647)");
            }

            _pos = i + 1;
        }

        min = (int)Math.Min(low, int.MaxValue);
        max = high is null ? null : (int)Math.Min(high.Value, int.MaxValue);
        return true;
    }

    private bool TryDigits(ref int i, out long value)
    {
        int start = i;
        value = 0;
        while (i < _codePoints.Length && _codePoints[i] is >= '0' and <= '9')
        {
            value = Math.Min(value * 10 + (_codePoints[i] - '0'), (long)int.MaxValue + 1);
            i++;
        }

        return i > start;
    }

    private PatternNode ParseGroup(out bool quantifiable)
    {
        int start = _pos;
        _pos++;
        quantifiable = true;
        PatternNode node;
        if (Eat('?'))
        {
            if (Eat(':'))
            {
                node = new GroupNode(ParseDisjunction(), null);
            }
            else if (Peek() is '=' or '!')
            {
                bool negated = Peek() == '!';
                _pos++;
                node = new LookaroundNode(ParseDisjunction(), Behind: false, negated);
                quantifiable = false;
            }
            else if (Peek() == '<' && Peek(1) is '=' or '!')
            {
                bool negated = Peek(1) == '!';
                _pos += 2;
                node = new LookaroundNode(ParseDisjunction(), Behind: true, negated);
                quantifiable = false;
            }
            else if (Eat('<'))
            {
                ReadGroupName();
                node = new GroupNode(ParseDisjunction(), ++_groupsOpened);
            }
            else
            {
                throw ErrorAt(start, $"invalid group '(?{PeekText()}' (ECMA-262 has no inline flags or other group kinds here)");
            }
        }
        else
        {
            node = new GroupNode(ParseDisjunction(), ++_groupsOpened);
        }

        if (!Eat(')'))
        {
            throw ErrorAt(start, "unterminated group");
        }

        return node;
    }

    /// <summary>Reads <c>name&gt;</c> after <c>(?&lt;</c> or <c>\k&lt;</c>; <c>\u</c> escapes in it are decoded.</summary>
    private string ReadGroupName()
    {
        int start = _pos;
        var name = new System.Text.StringBuilder();
        while (!AtEnd && Peek() != '>')
        {
            int at = _pos;
            int c = Peek();
            if (c == '\\' && Peek(1) == 'u')
            {
                _pos += 2;
                c = ReadUnicodeEscape(at);
            }
            else
            {
                _pos++;
            }

            bool ok = at == start ? IsIdentifierStart(c) : IsIdentifierPart(c);
            if (!ok)
            {
                throw ErrorAt(at, "invalid character in a group name");
            }

            name.Append(char.ConvertFromUtf32(c));
        }

        if (_pos == start || !Eat('>'))
        {
            throw ErrorAt(start, "invalid group name");
        }

        return name.ToString();
    }

    private static bool IsIdentifierStart(int c) => c is '$' or '_' || Category(c) is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
        or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber;

    private static bool IsIdentifierPart(int c) => IsIdentifierStart(c) || c is 0x200C or 0x200D
        || Category(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation;

    private static UnicodeCategory Category(int c) => CharUnicodeInfo.GetUnicodeCategory(c);

    private PatternNode ParseAtomEscape()
    {
        int start = _pos;
        _pos++;
        int c = Peek();
        if (c is >= '1' and <= '9')
        {
            TryDigits(ref _pos, out long group);
            if (group > _groupTotal)
            {
                throw ErrorAt(start, $"backreference \\{group} to a group that does not exist ({_groupTotal} groups)");
            }

            return new BackreferenceNode((int)group);
        }

        if (c == 'k')
        {
            _pos++;
            if (!Eat('<'))
            {
                throw ErrorAt(start, "'\\k' must be followed by <name>");
            }

            string name = ReadGroupName();
            return _groupNames.TryGetValue(name, out int number)
                ? new BackreferenceNode(number)
                : throw ErrorAt(start, $"backreference to a group named '{name}' that does not exist");
        }

        return new CharSetNode(ParseEscapeBody(start, inClass: false));
    }

    /// <summary>The escape after the backslash at <paramref name="start"/>; a character class escape gives its set.</summary>
    private CodePointSet ParseEscapeBody(int start, bool inClass)
    {
        int c = Peek();
        if (c < 0)
        {
            throw ErrorAt(start, "'\\' at the end of the pattern");
        }

        _pos++;
        switch (c)
        {
            case 'd':
                return CodePointSet.Digit;
            case 'D':
                return CodePointSet.Digit.Complement();
            case 'w':
                return CodePointSet.Word;
            case 'W':
                return CodePointSet.Word.Complement();
            case 's':
                return CodePointSet.Space;
            case 'S':
                return CodePointSet.Space.Complement();
            case 'p' or 'P':
                return ParseProperty(start, negated: c == 'P');
            case 'f':
                return CodePointSet.Of('\f');
            case 'n':
                return CodePointSet.Of('\n');
            case 'r':
                return CodePointSet.Of('\r');
            case 't':
                return CodePointSet.Of('\t');
            case 'v':
                return CodePointSet.Of('\v');
            case 'b' when inClass:
                return CodePointSet.Of('\b');
            case '-' when inClass:
                return CodePointSet.Of('-');
            case 'c':
                int letter = Peek();
                if (letter is >= 'a' and <= 'z' or >= 'A' and <= 'Z')
                {
                    _pos++;
                    return CodePointSet.Of(letter % 32);
                }

                throw ErrorAt(start, "'\\c' must be followed by a letter");
            case '0':
                if (Peek() is >= '0' and <= '9')
                {
                    throw ErrorAt(start, "octal escapes are not allowed (ECMA-262 with the u flag)");
                }

                return CodePointSet.Of(0);
            case 'x':
                return CodePointSet.Of(ReadHex(start, 2));
            case 'u':
                return CodePointSet.Of(ReadUnicodeEscape(start));
            default:
                if (c < 0x80 && (SyntaxCharacters.Contains((char)c) || c == '/'))
                {
                    return CodePointSet.Of(c);
                }

                throw ErrorAt(start, $"invalid escape '\\{char.ConvertFromUtf32(c)}'");
        }
    }

    private int ReadHex(int start, int digits)
    {
        int value = 0;
        for (int i = 0; i < digits; i++)
        {
            int digit = HexValue(Peek());
            if (digit < 0)
            {
                throw ErrorAt(start, $"invalid escape: expected {digits} hexadecimal digits");
            }

            value = value * 16 + digit;
            _pos++;
        }

        return value;
    }

    /// <summary><c>\u{…}</c> up to U+10FFFF, or <c>\uHHHH</c>, joining an escaped surrogate pair into one code point.</summary>
    private int ReadUnicodeEscape(int start)
    {
        if (Eat('{'))
        {
            long value = 0;
            int digits = 0;
            while (HexValue(Peek()) >= 0)
            {
                value = Math.Min(value * 16 + HexValue(Peek()), CodePointSet.MaxCodePoint + 1L);
                _pos++;
                digits++;
            }

            if (digits == 0 || !Eat('}') || value > CodePointSet.MaxCodePoint)
            {
                throw ErrorAt(start, "invalid \\u{…} escape (1 or more hexadecimal digits, at most 10FFFF)");
            }

            return (int)value;
        }

        int unit = ReadHex(start, 4);
        if (unit is >= 0xD800 and <= 0xDBFF && Peek() == '\\' && Peek(1) == 'u')
        {
            int save = _pos;
            _pos += 2;
            int trail = TryReadHex4();
            if (trail is >= 0xDC00 and <= 0xDFFF)
            {
                return char.ConvertToUtf32((char)unit, (char)trail);
            }

            _pos = save;
        }

        return unit;
    }

    private int TryReadHex4()
    {
        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            int digit = HexValue(Peek());
            if (digit < 0)
            {
                return -1;
            }

            value = value * 16 + digit;
            _pos++;
        }

        return value;
    }

    private static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private CodePointSet ParseProperty(int start, bool negated)
    {
        if (!Eat('{'))
        {
            throw ErrorAt(start, "'\\p' and '\\P' must be followed by {name} (ECMA-262 with the u flag)");
        }

        int nameStart = _pos;
        while (!AtEnd && Peek() != '}')
        {
            _pos++;
        }

        if (!Eat('}'))
        {
            throw ErrorAt(start, "unterminated \\p{…}");
        }

        string body = _text[_offsets[nameStart].._offsets[_pos - 1]];
        return UnicodeProperties.Resolve(body, negated) ?? throw ErrorAt(start, UnicodeProperties.WhyRefused(body));
    }

    private CodePointSet ParseClass()
    {
        int start = _pos;
        _pos++;
        bool negated = Eat('^');
        var set = CodePointSet.Empty;
        while (Peek() != ']')
        {
            if (AtEnd)
            {
                throw ErrorAt(start, "unterminated character class");
            }

            int atomStart = _pos;
            CodePointSet first = ParseClassAtom(out bool firstIsClass);
            if (Peek() == '-' && Peek(1) != ']' && Peek(1) >= 0)
            {
                _pos++;
                CodePointSet last = ParseClassAtom(out bool lastIsClass);
                if (firstIsClass || lastIsClass)
                {
                    throw ErrorAt(atomStart, "a class escape such as \\d cannot be the end of a range");
                }

                int from = first.Ranges[0].First;
                int to = last.Ranges[0].First;
                if (from > to)
                {
                    throw ErrorAt(atomStart, "range out of order in character class");
                }

                set = set.Union(CodePointSet.Range(from, to));
            }
            else
            {
                set = set.Union(first);
            }
        }

        _pos++;
        return negated ? set.Complement() : set;
    }

    private CodePointSet ParseClassAtom(out bool isClassEscape)
    {
        isClassEscape = false;
        int c = Peek();
        if (c < 0)
        {
            throw Error("unterminated character class");
        }

        if (c != '\\')
        {
            _pos++;
            return CodePointSet.Of(c);
        }

        int start = _pos;
        _pos++;
        int next = Peek();
        if (next is >= '1' and <= '9' || next is 'k' or 'B')
        {
            throw ErrorAt(start, $"invalid escape '\\{PeekText()}' in a character class");
        }

        isClassEscape = next is 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'p' or 'P';
        return ParseEscapeBody(start, inClass: true);
    }

    /// <summary>
    /// Capturing groups in the whole pattern and the numbers of the named ones, counted before parsing because
    /// <c>\2</c> and <c>\k&lt;name&gt;</c> may refer forward.
    /// </summary>
    private (int Total, Dictionary<string, int> Names) CountGroups()
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        int total = 0;
        bool inClass = false;
        for (int i = 0; i < _text.Length; i++)
        {
            char c = _text[i];
            if (c == '\\')
            {
                i++;
            }
            else if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
            }
            else if (c == '(')
            {
                if (i + 1 >= _text.Length || _text[i + 1] != '?')
                {
                    total++;
                }
                else if (i + 2 < _text.Length && _text[i + 2] == '<' && i + 3 < _text.Length && _text[i + 3] is not ('=' or '!'))
                {
                    total++;
                    int close = _text.IndexOf('>', i + 3);
                    if (close > 0)
                    {
                        string name = DecodeNameEscapes(_text[(i + 3)..close]);
                        if (!names.TryAdd(name, total))
                        {
                            int offset = i;
                            throw new PatternSyntaxException(offset, $"duplicate group name '{name}'");
                        }
                    }
                }
            }
        }

        return (total, names);
    }

    /// <summary>A group name as written, with its <c>\uHHHH</c> and <c>\u{…}</c> escapes decoded (left as written when malformed).</summary>
    private static string DecodeNameEscapes(string raw)
    {
        if (!raw.Contains('\\'))
        {
            return raw;
        }

        var name = new System.Text.StringBuilder();
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i + 1 >= raw.Length || raw[i + 1] != 'u')
            {
                name.Append(raw[i]);
                continue;
            }

            bool braced = i + 2 < raw.Length && raw[i + 2] == '{';
            int digitsStart = i + (braced ? 3 : 2);
            int digitsEnd = braced ? raw.IndexOf('}', digitsStart) : Math.Min(digitsStart + 4, raw.Length);
            if (digitsEnd < 0 || !int.TryParse(raw.AsSpan(digitsStart, digitsEnd - digitsStart), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value)
                || value > CodePointSet.MaxCodePoint)
            {
                return raw;
            }

            name.Append(char.ConvertFromUtf32(value is >= 0xD800 and <= 0xDFFF ? 0xFFFD : value));
            i = braced ? digitsEnd : digitsEnd - 1;
        }

        return name.ToString();
    }
}
