using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace HybridBatch.Core.Schema;

/// <summary>
/// One compiled (sub)schema. The value checks here are shared by the JSON walker and the CSV binder; each
/// returns null when the value passes, else the reason (only failures allocate).
/// </summary>
internal sealed class SchemaNode
{
    private const int StackCharLimit = 256;

    private readonly ConstValue[]? _enum;

    /// <summary><see cref="Enum"/>'s strings laid out for lookup; set with it.</summary>
    private readonly StringEnumTable? _stringEnum;

    private readonly ConstValue? _const;
    private readonly int _minLength = -1;
    private readonly int _maxLength = -1;
    private readonly Regex? _pattern;
    private readonly SimplePattern? _fastPattern;
    private readonly StringFormat _format;

    /// <summary>
    /// <see cref="CheckString"/>'s one check when the node has exactly one (the orders schema's strings each have
    /// one): a switch and a call instead of a test per keyword. Kept by every init of the keywords it reads.
    /// </summary>
    private StringCheckPlan _stringPlan = StringCheckPlan.None;

    private readonly NumericBound? _minimum;
    private readonly NumericBound? _maximum;
    private readonly NumericBound? _exclusiveMinimum;
    private readonly NumericBound? _exclusiveMaximum;

    /// <summary>
    /// The numeric bounds as doubles (absent ones infinite), usable when every bound present is short
    /// (<see cref="NumericBound.IsShort"/>) and nothing else checks numbers: then a value of the short forms compares
    /// exactly as a double (<see cref="JsonNumber.TryCompare"/> does the same per bound), all four at once.
    /// </summary>
    private NumberBoundsPlan _numberPlan = NumberBoundsPlan.Unbounded;

    /// <summary>How <see cref="CheckString"/> runs for this node.</summary>
    private enum StringCheckPlan : byte
    {
        /// <summary>Nothing to check.</summary>
        None,

        /// <summary>Only <c>enum</c>, through <see cref="_stringEnum"/>.</summary>
        EnumOnly,

        /// <summary>Only a pattern that <see cref="_fastPattern"/> decides.</summary>
        FastPatternOnly,

        /// <summary>Only <c>format</c>.</summary>
        FormatOnly,

        /// <summary>Anything else: every keyword in turn.</summary>
        General,
    }

    /// <summary>A schema with no constraints (<c>true</c>, <c>{}</c>, or an allowed additional property).</summary>
    public static readonly SchemaNode Any = new();

    /// <summary>The <c>false</c> schema: nothing validates.</summary>
    public bool RejectsAll { get; init; }

    public JsonTypes Types { get; init; }

    /// <summary>The allowed types for messages, e.g. <c>integer or null</c>.</summary>
    public string ExpectedText { get; init; } = "";

    public PropertyTable? Properties { get; init; }

    public bool AdditionalAllowed { get; init; } = true;

    /// <summary>Schema for properties not listed in <c>properties</c>; null means unchecked.</summary>
    public SchemaNode? AdditionalSchema { get; init; }

    /// <summary>
    /// True when the schema writes <c>additionalProperties</c> (even <c>true</c>): the properties it covers count
    /// as evaluated for <c>unevaluatedProperties</c>.
    /// </summary>
    public bool AdditionalWritten { get; init; }

    /// <summary>Where this schema stands in its document (<c>#/properties/payment</c>), for rejects that name it.</summary>
    public string Location { get; init; } = "#";

    /// <summary>Applicators and whole-value keywords, run over the value's span after the walk; null when none.</summary>
    public CompoundKeywords? Compound { get; init; }

    public ConstValue[]? Enum
    {
        get => _enum;
        init
        {
            _enum = value;
            _stringEnum = value is null ? null : StringEnumTable.From(value);
            PlanChecks();
        }
    }

    public ConstValue? Const
    {
        get => _const;
        init
        {
            _const = value;
            PlanChecks();
        }
    }

    /// <summary>True when <see cref="Enum"/> or <see cref="Const"/> is set; asked once per object and array.</summary>
    public bool ListsValues => Enum is not null || Const is not null;

    public int MinLength
    {
        get => _minLength;
        init
        {
            _minLength = value;
            PlanChecks();
        }
    }

    public int MaxLength
    {
        get => _maxLength;
        init
        {
            _maxLength = value;
            PlanChecks();
        }
    }

    /// <summary>The pattern as written in the schema, for messages.</summary>
    public string? PatternText { get; init; }

    /// <summary>
    /// The pattern for .NET (see <see cref="PatternSyntax"/>); used when <see cref="FastPattern"/> is null. Linear
    /// time (<see cref="RegexOptions.NonBacktracking"/>) unless the pattern needs backtracking; only then can a
    /// match time out.
    /// </summary>
    public Regex? Pattern
    {
        get => _pattern;
        init
        {
            _pattern = value;
            PlanChecks();
        }
    }

    /// <summary>
    /// The reason given when <see cref="Pattern"/> timed out, one instance per node so callers can tell a timeout
    /// from a mismatch by reference (<see cref="IsPatternTimeout"/>) without parsing text.
    /// </summary>
    public string? PatternTimeoutReason { get; init; }

    public SimplePattern? FastPattern
    {
        get => _fastPattern;
        init
        {
            _fastPattern = value;
            PlanChecks();
        }
    }

    public StringFormat Format
    {
        get => _format;
        init
        {
            _format = value;
            PlanChecks();
        }
    }

    public NumericBound? Minimum
    {
        get => _minimum;
        init
        {
            _minimum = value;
            PlanChecks();
        }
    }

    public NumericBound? Maximum
    {
        get => _maximum;
        init
        {
            _maximum = value;
            PlanChecks();
        }
    }

    public NumericBound? ExclusiveMinimum
    {
        get => _exclusiveMinimum;
        init
        {
            _exclusiveMinimum = value;
            PlanChecks();
        }
    }

    public NumericBound? ExclusiveMaximum
    {
        get => _exclusiveMaximum;
        init
        {
            _exclusiveMaximum = value;
            PlanChecks();
        }
    }

    public SchemaNode? Items { get; init; }

    public int MinItems { get; init; } = -1;

    public int MaxItems { get; init; } = -1;

    /// <summary>
    /// True when string values need their unescaped text (so plain strings can skip unescaping). Set by the
    /// compiler rather than computed, because it is asked for every string in every record.
    /// </summary>
    public bool ChecksStrings { get; init; }

    /// <summary>True when a number has anything to be checked against (bounds, enum, const).</summary>
    public bool ChecksNumbers { get; init; }

    /// <summary>
    /// False when every number passes untouched (numbers allowed by type, nothing to compare), so the walker
    /// need not parse it. Integer-only types need the value to tell 1.0 from 1.5.
    /// </summary>
    public bool NeedsNumberValue
    {
        // Inlined by hand: called per number; without dynamic PGO (docs/performance.md) the JIT left it a call.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ChecksNumbers
            || (Types != JsonTypes.None && (Types & JsonTypes.Number) == 0);
    }

    public bool Allows(JsonTypes type) => Types == JsonTypes.None || (Types & type) != 0;

    /// <summary>Integers are numbers too, so a <c>number</c> schema accepts them.</summary>
    public bool AllowsNumber(in JsonNumber number) =>
        Types == JsonTypes.None || (Types & JsonTypes.Number) != 0 || ((Types & JsonTypes.Integer) != 0 && number.IsIntegral);

    /// <summary>True when <paramref name="reason"/> (from <see cref="CheckString"/>) says the pattern timed out.</summary>
    public bool IsPatternTimeout(string? reason) => reason is not null && ReferenceEquals(reason, PatternTimeoutReason);

    public string TypeMismatch(string actual) => $"expected {ExpectedText}, got {actual}";

    public string? CheckString(ReadOnlySpan<byte> utf8)
    {
        switch (_stringPlan)
        {
            case StringCheckPlan.None:
                return null;
            case StringCheckPlan.EnumOnly:
                return _stringEnum!.Contains(utf8) ? null : NotAllowedValue;
            case StringCheckPlan.FastPatternOnly:
                return _fastPattern!.IsMatch(utf8) ? null : PatternMismatch();
            case StringCheckPlan.FormatOnly:
                return FormatChecks.IsValid(_format, utf8) ? null : FormatMismatch();
            default:
                return CheckStringGeneral(utf8);
        }
    }

    /// <summary>Every string keyword in turn: <see cref="CheckString"/>'s plain path, and its oracle in tests.</summary>
    internal string? CheckStringGeneral(ReadOnlySpan<byte> utf8)
    {
        if (_stringEnum is not null && !_stringEnum.Contains(utf8))
        {
            return NotAllowedValue;
        }

        if (Const is not null && !Const.MatchesString(utf8))
        {
            return $"must be {Const.RawText}";
        }

        // A code point takes 1 to 4 bytes, so the byte length often settles both bounds without counting.
        if ((MaxLength >= 0 && utf8.Length > MaxLength) || (MinLength >= 0 && (utf8.Length + 3) / 4 < MinLength))
        {
            int length = Utf8.CountCodePoints(utf8);
            if (MinLength >= 0 && length < MinLength)
            {
                return $"length must be >= {MinLength}, got {length}";
            }

            if (MaxLength >= 0 && length > MaxLength)
            {
                return $"length must be <= {MaxLength}, got {length}";
            }
        }

        if ((FastPattern is not null || Pattern is not null) && !MatchesPattern(utf8, out bool timedOut))
        {
            return timedOut ? PatternTimeoutReason : PatternMismatch();
        }

        if (Format != StringFormat.None && !FormatChecks.IsValid(Format, utf8))
        {
            return FormatMismatch();
        }

        return null;
    }

    private const string NotAllowedValue = "not one of the allowed values";

    // Messages built out of line: inlined into the walk, their string building made its frame larger and its
    // registers fewer for every record, failing or not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private string PatternMismatch() => $"does not match pattern {PatternText}";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private string FormatMismatch() => $"not a valid {FormatChecks.Name(Format)}";

    /// <summary>Sets <see cref="_stringPlan"/> and <see cref="_numberPlan"/> from the keywords set so far.</summary>
    private void PlanChecks()
    {
        bool enumOnly = _stringEnum is not null;
        bool patternOnly = _fastPattern is not null;
        bool formatOnly = _format != StringFormat.None;
        int keywords = (_enum is not null ? 1 : 0) + (_const is not null ? 1 : 0) + (_minLength >= 0 ? 1 : 0)
            + (_maxLength >= 0 ? 1 : 0) + (_fastPattern is not null || _pattern is not null ? 1 : 0) + (formatOnly ? 1 : 0);
        _stringPlan = keywords switch
        {
            0 => StringCheckPlan.None,
            1 when enumOnly => StringCheckPlan.EnumOnly,
            1 when patternOnly => StringCheckPlan.FastPatternOnly,
            1 when formatOnly => StringCheckPlan.FormatOnly,
            _ => StringCheckPlan.General,
        };
        _numberPlan = NumberBoundsPlan.Of(_enum is null && _const is null, _minimum, _exclusiveMinimum, _maximum, _exclusiveMaximum);
    }

    /// <summary>Checks a number's value exactly; <paramref name="rawText"/> is the number as written.</summary>
    public string? CheckNumber(in JsonNumber number, ReadOnlySpan<byte> rawText)
    {
        if (!ChecksNumbers)
        {
            return null;
        }

        // Bounds only, and the value in a short form: all bounds at once, exactly (see _numberPlan). A value that
        // fails, or one the plan cannot take, goes the general way, which words the reason.
        if (_numberPlan.Usable && number.TryShortDouble(out double value) && _numberPlan.Holds(value))
        {
            return null;
        }

        return CheckNumberGeneral(number, rawText);
    }

    /// <summary>Every numeric keyword in turn: <see cref="CheckNumber"/>'s plain path, and its oracle in tests.</summary>
    internal string? CheckNumberGeneral(in JsonNumber number, ReadOnlySpan<byte> rawText)
    {
        if (!ChecksNumbers)
        {
            return null;
        }

        if (!number.InRange)
        {
            return $"number out of range: {Encoding.UTF8.GetString(rawText)}";
        }

        if (Enum is not null && !MatchesAnyNumber(number, rawText))
        {
            return NotAllowedValue;
        }

        if (Const is not null && !Const.MatchesNumber(number, rawText))
        {
            return $"must be {Const.RawText}";
        }

        if (Minimum is { } minimum && Order(number, minimum, rawText) is not (>= 0))
        {
            return BoundMessage(">=", minimum, rawText);
        }

        if (ExclusiveMinimum is { } exclusiveMinimum && Order(number, exclusiveMinimum, rawText) is not (> 0))
        {
            return BoundMessage(">", exclusiveMinimum, rawText);
        }

        if (Maximum is { } maximum && Order(number, maximum, rawText) is not (<= 0))
        {
            return BoundMessage("<=", maximum, rawText);
        }

        if (ExclusiveMaximum is { } exclusiveMaximum && Order(number, exclusiveMaximum, rawText) is not (< 0))
        {
            return BoundMessage("<", exclusiveMaximum, rawText);
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string BoundMessage(string relation, NumericBound bound, ReadOnlySpan<byte> rawText) =>
        $"must be {relation} {bound.Text}, got {Encoding.UTF8.GetString(rawText)}";

    /// <summary>
    /// Checks an object or array (<paramref name="json"/>, its whole well-formed text) against <c>enum</c> and
    /// <c>const</c>. Only then is its canonical form built, and only when the schema lists a container.
    /// </summary>
    public string? CheckContainer(System.Text.Json.JsonValueKind kind, ReadOnlySpan<byte> json)
    {
        // Loops, not lambdas: a lambda capturing a parameter allocates its closure on every call, checks or not.
        if (Enum is null && Const is null)
        {
            return null;
        }

        byte[]? canonical = ListsContainer() ? JsonCanonical.Of(json) : null;
        if (Enum is not null && (canonical is null || !MatchesAnyContainer(kind, canonical)))
        {
            return NotAllowedValue;
        }

        return Const is not null && (canonical is null || !Const.MatchesContainer(kind, canonical)) ? $"must be {Const.RawText}" : null;
    }

    private bool ListsContainer()
    {
        if (Const is { IsContainer: true })
        {
            return true;
        }

        foreach (ConstValue value in Enum ?? [])
        {
            if (value.IsContainer)
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesAnyContainer(System.Text.Json.JsonValueKind kind, byte[] canonical)
    {
        foreach (ConstValue value in Enum!)
        {
            if (value.MatchesContainer(kind, canonical))
            {
                return true;
            }
        }

        return false;
    }

    public string? CheckBoolean(bool value)
    {
        if (Enum is not null && !MatchesAny(value ? System.Text.Json.JsonValueKind.True : System.Text.Json.JsonValueKind.False))
        {
            return NotAllowedValue;
        }

        return Const is not null && !Const.MatchesBoolean(value) ? $"must be {Const.RawText}" : null;
    }

    public string? CheckNull()
    {
        if (Enum is not null && !MatchesAny(System.Text.Json.JsonValueKind.Null))
        {
            return NotAllowedValue;
        }

        return Const is not null && !Const.MatchesNull() ? $"must be {Const.RawText}" : null;
    }

    /// <summary>Checks an array's item count once all items are seen.</summary>
    public string? CheckItemCount(int count)
    {
        if (MinItems >= 0 && count < MinItems)
        {
            return $"item count must be >= {MinItems}, got {count}";
        }

        return MaxItems >= 0 && count > MaxItems ? $"item count must be <= {MaxItems}, got {count}" : null;
    }

    private bool MatchesAny(System.Text.Json.JsonValueKind kind)
    {
        foreach (ConstValue value in Enum!)
        {
            if (value.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The number's order against the bound; null (which holds no bound: fail closed) when out of range.</summary>
    private static int? Order(in JsonNumber number, NumericBound bound, ReadOnlySpan<byte> rawText) =>
        number.TryCompare(bound, rawText, out int order) ? order : null;

    private bool MatchesAnyNumber(in JsonNumber number, ReadOnlySpan<byte> rawText)
    {
        foreach (ConstValue value in Enum!)
        {
            if (value.MatchesNumber(number, rawText))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="utf8"/> matches this node's pattern (fast path or regex). A miss is not put into words,
    /// so <c>patternProperties</c> can ask for every property name without allocating. A backtracking match that
    /// runs out of time is no match, with <paramref name="timedOut"/> set.
    /// </summary>
    public bool MatchesPattern(ReadOnlySpan<byte> utf8, out bool timedOut)
    {
        timedOut = false;
        if (FastPattern is not null)
        {
            return FastPattern.IsMatch(utf8);
        }

        // UTF-16 never needs more chars than the UTF-8 has bytes, so this bound is safe for decoding.
        char[]? rented = null;
        Span<char> chars = utf8.Length <= StackCharLimit
            ? stackalloc char[utf8.Length]
            : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            int count = Encoding.UTF8.GetChars(utf8, chars);
            return Pattern!.IsMatch(chars[..count]);
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
