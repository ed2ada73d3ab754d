using System.Runtime.CompilerServices;
using System.Text;

namespace HybridBatch.Core.Schema;

/// <summary>
/// Validates one JSON record in a single recursive-descent pass over its bytes, checking the syntax (strict
/// RFC 8259, as <see cref="System.Text.Json.Utf8JsonReader"/> does by default) and the schema together. Valid
/// records allocate nothing: names are matched as UTF-8 bytes, seen properties are a stack bitmask, and strings
/// are only unescaped (into reused buffers) when a check needs their text.
/// </summary>
/// <remarks>
/// Each value's own bytes are checked before the schema looks at it, and what follows a value (a separator or
/// the closing bracket) only after, so a record that is both malformed and off-schema reports whichever comes
/// first, as the reader-based validator did.
/// </remarks>
internal ref struct JsonRecordValidator
{
    private static readonly ValidationError _emptyRecord = new("", "empty record");

    /// <summary>
    /// Stands in for a syntax error while it travels up the walk, so callers do not wrap it in field paths; the
    /// real message is built once at the top from <see cref="_syntaxMessage"/> and <see cref="_syntaxPosition"/>.
    /// </summary>
    private static readonly ValidationError _syntaxError = new("", "not valid JSON");

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _maxDepth;
    private bool _tooDeep;
    private int _pos;
    private int _depth;

    /// <summary>
    /// Members walked so far, at any depth, that no <c>properties</c> entry with a schema took (unlisted names and
    /// names only in <c>required</c>): while it stands still over an object, every member there was one the
    /// object's <c>properties</c> evaluated.
    /// </summary>
    private int _unlistedMembers;
    private string? _syntaxMessage;
    private int _syntaxPosition;

    /// <summary>
    /// Whether an object member that is a plain string or a number is judged in the object walk itself
    /// (<see cref="ValidateObject"/>) rather than through <see cref="ValidateValue"/>; off only in the tests that
    /// compare the two.
    /// </summary>
    private readonly bool _inlineScalars;

    private JsonRecordValidator(ReadOnlySpan<byte> data, int start, int maxDepth, bool inlineScalars = true)
    {
        _data = data;
        _pos = start;
        _maxDepth = maxDepth;
        _inlineScalars = inlineScalars;
    }

    public static ValidationError? Validate(SchemaNode root, ReadOnlySpan<byte> record, ReadOnlySpan<byte> keyField, out Range keyValue, int maxDepth) =>
        Validate(root, record, keyField, out keyValue, maxDepth, inlineScalars: true);

    /// <summary>
    /// <see cref="Validate(SchemaNode, ReadOnlySpan{byte}, ReadOnlySpan{byte}, out Range, int)"/> with the object walk's
    /// scalar members taken inline or not (<see cref="_inlineScalars"/>): the same verdict and reason either way.
    /// </summary>
    internal static ValidationError? Validate(SchemaNode root, ReadOnlySpan<byte> record, ReadOnlySpan<byte> keyField, out Range keyValue, int maxDepth, bool inlineScalars)
    {
        keyValue = default;
        int start = JsonSyntax.SkipWhitespace(record, 0);
        if (start == record.Length)
        {
            return _emptyRecord;
        }

        var walker = new JsonRecordValidator(record, start, maxDepth, inlineScalars);
        // An object under a schema without applicators, as records mostly are, goes straight to the object walk: where
        // ValidateValue and ValidateLocal would send it, two calls later.
        ValidationError? error = root.Compound is null && record[start] == (byte)'{'
            ? walker.ValidateObject(root, keyField, ref keyValue)
            : walker.ValidateValue(root, keyField, ref keyValue);
        if (error is not null)
        {
            // Objects left early did not give back their scratch names.
            ValidationScratch.Current.Reset();
            return walker.Described(error);
        }

        int end = JsonSyntax.SkipWhitespace(record, walker._pos);
        if (end != record.Length)
        {
            return new ValidationError("", $"trailing data after the JSON value at byte {end}");
        }

        // Any JSON value may be a record; only a key needs an object to take it from.
        return keyField.Length > 0 && record[start] != (byte)'{'
            ? new ValidationError("", $"--key-field '{Encoding.UTF8.GetString(keyField)}' needs an object record, got {ValueKindName(record[start])}")
            : null;
    }

    /// <summary>
    /// Validates one whole, already well-formed value (a span of a record) against <paramref name="node"/>: the
    /// applicators run their subschemas this way over the same bytes. Leaves the per-thread scratch as it found it.
    /// </summary>
    public static ValidationError? ValidateSpan(SchemaNode node, ReadOnlySpan<byte> value, int maxDepth)
    {
        // Only objects record names in the scratch: a scalar (an x- extension's value) need not look it up.
        int first = JsonSyntax.SkipWhitespace(value, 0);
        ValidationScratch? scratch = first < value.Length && value[first] is (byte)'{' or (byte)'[' ? ValidationScratch.Current : null;
        int mark = scratch?.Count ?? 0;
        var walker = new JsonRecordValidator(value, 0, maxDepth);
        Range ignoredKey = default;
        ValidationError? error = walker.ValidateValue(node, default, ref ignoredKey);
        if (error is null)
        {
            return null;
        }

        scratch?.Truncate(mark);
        return walker.Described(error);
    }

    private static string ValueKindName(byte first) => first switch
    {
        (byte)'[' => "an array",
        (byte)'"' => "a string",
        (byte)'t' or (byte)'f' => "a boolean",
        (byte)'n' => "null",
        _ => "a number",
    };

    /// <summary>Turns the syntax-error marker into its message; any other error is returned as is.</summary>
    private readonly ValidationError Described(ValidationError error)
    {
        if (!ReferenceEquals(error, _syntaxError))
        {
            return error;
        }

        // A limit is not a syntax error: say which one, and the setting that raises it.
        return _tooDeep
            ? new ValidationError("", $"{_syntaxMessage} at byte {_syntaxPosition}")
            : new ValidationError("", $"not valid JSON at byte {_syntaxPosition}: {_syntaxMessage}");
    }

    /// <summary>
    /// Validates the value starting at <see cref="_pos"/> (whitespace already skipped) and moves past it; then, for
    /// a schema with applicators or whole-value keywords, runs those over the value's span.
    /// </summary>
    private ValidationError? ValidateValue(SchemaNode node, ReadOnlySpan<byte> keyField, ref Range keyValue)
    {
        if (node.Compound is not { } compound)
        {
            return ValidateLocal(node, keyField, ref keyValue);
        }

        byte first = Peek();
        if (compound.ReferenceInWalk && first is not ((byte)'{' or (byte)'['))
        {
            return ValidateReferencedScalar(compound.Ref!, keyField, ref keyValue);
        }

        if (compound.UniqueItemsInWalk)
        {
            // ValidateArray compares the items; no other kind of value has anything left to check.
            return ValidateLocal(node, keyField, ref keyValue);
        }

        if (compound.MultipleOfInWalk)
        {
            int numberStart = _pos;
            return ValidateLocal(node, keyField, ref keyValue)
                ?? (first is (byte)'-' or (>= (byte)'0' and <= (byte)'9') ? CompoundValidator.CheckMultipleOf(compound, _data[numberStart.._pos]) : null);
        }

        if (compound.TaggedUnionInWalk && first == (byte)'{' && TryValidateTaggedBranch(node, compound, keyField, ref keyValue, out ValidationError? verdict))
        {
            return verdict;
        }

        if (compound.ObjectKeywordsInWalk && first == (byte)'{')
        {
            // ValidateObject evaluates this node's patternProperties / unevaluatedProperties as it goes.
            return ValidateObject(node, keyField, ref keyValue);
        }

        int start = _pos;
        return ValidateLocal(node, keyField, ref keyValue) ?? CompoundValidator.Check(node, compound, _data[start.._pos], _maxDepth);
    }

    /// <summary>
    /// A scalar under a schema that is only a <c>$ref</c>: walked once with the target instead of once for syntax
    /// and again over its span. The reason is worded as <see cref="CompoundValidator.Check"/> words it.
    /// </summary>
    private ValidationError? ValidateReferencedScalar(SchemaReference reference, ReadOnlySpan<byte> keyField, ref Range keyValue)
    {
        ValidationError? error = ValidateValue(reference.Target, keyField, ref keyValue);
        return error is null || ReferenceEquals(error, _syntaxError) ? error : CompoundValidator.ThroughReference(reference, error);
    }

    /// <summary>
    /// A tagged-union <c>oneOf</c> (<see cref="CompoundKeywords.TaggedUnionInWalk"/>) on an object whose first member
    /// is the tag: walks the object once with the one branch the tag leaves. When that passes, the object is
    /// well-formed, the tag is its only such member and every other branch fixes another tag, so exactly one branch
    /// matched, as the general pass would find; what remains is <c>unevaluatedProperties</c>. When it fails, the walk
    /// is wound back and false leaves the object to the general pass, which words the reasons over every branch.
    /// </summary>
    private bool TryValidateTaggedBranch(SchemaNode node, CompoundKeywords compound, ReadOnlySpan<byte> keyField, ref Range keyValue, out ValidationError? verdict)
    {
        verdict = null;
        int start = _pos;
        BranchDiscriminator discriminator = compound.OneOfDiscriminator!;
        int chosen = discriminator.FirstMemberBranch(_data[start..]);
        if (chosen < 0)
        {
            return false;
        }

        int depth = _depth;
        Range keyBefore = keyValue;
        ValidationScratch scratch = ValidationScratch.Current;
        int mark = scratch.Count;
        SchemaNode branch = discriminator.BranchNodes[chosen];
        int unlistedBefore = _unlistedMembers;
        if (ValidateValue(branch, keyField, ref keyValue) is not null)
        {
            _pos = start;
            _depth = depth;
            _tooDeep = false;
            keyValue = keyBefore;
            scratch.Truncate(mark);
            return false;
        }

        // A branch without applicators or patterns evaluated exactly the members its properties list (all of them when
        // it writes additionalProperties): when the walk met no other member, none is left for unevaluatedProperties,
        // and listing the object's members again to find that out would cost more than the branch walk did.
        bool allEvaluated = compound.ListedMembersInTaggedBranch && branch.Compound is null
            && (branch.AdditionalWritten || _unlistedMembers == unlistedBefore);
        verdict = allEvaluated ? null : CompoundValidator.CheckAfterTaggedBranch(node, compound, _data[start.._pos], _maxDepth, chosen);
        return true;
    }

    /// <summary>The walk proper: the value's bytes and the keywords that can be checked token by token.</summary>
    private ValidationError? ValidateLocal(SchemaNode node, ReadOnlySpan<byte> keyField, ref Range keyValue)
    {
        if (_pos >= _data.Length)
        {
            return SyntaxError(JsonSyntaxError.UnexpectedEnd, _pos);
        }

        switch (_data[_pos])
        {
            case (byte)'{':
                return ValidateObject(node, keyField, ref keyValue);
            case (byte)'[':
                return ValidateArray(node);
            case (byte)'"':
                return ValidateString(node);
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                return ValidateNumber(node);
            case (byte)'t':
                return ValidateBoolean(node, "true"u8);
            case (byte)'f':
                return ValidateBoolean(node, "false"u8);
            case (byte)'n':
                return ValidateNull(node);
            default:
                return SyntaxError($"{Shown(_data[_pos])} is an invalid start of a value.", _pos);
        }
    }

    private ValidationError? ValidateString(SchemaNode node)
    {
        int start = _pos;
        bool escaped = false;
        int pos = JsonSyntax.PlainStringEnd(_data, start);
        if (pos < 0)
        {
            // Escapes or a control character: the full scan, in its own locals (see JsonSyntax.PlainStringEnd).
            int scanned = start;
            JsonSyntaxError syntax = JsonSyntax.ScanString(_data, ref scanned, out bool scannedEscaped);
            if (syntax != JsonSyntaxError.None)
            {
                _pos = scanned;
                return SyntaxError(syntax, scanned);
            }

            pos = scanned;
            escaped = scannedEscaped;
        }

        _pos = pos;
        return StringVerdict(node, _data[(start + 1)..(pos - 1)], escaped);
    }

    /// <summary>The schema's verdict on a string already scanned: <paramref name="content"/> lies between its quotes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ValidationError? StringVerdict(SchemaNode node, ReadOnlySpan<byte> content, bool escaped)
    {
        string? reason = TypeMismatch(node, JsonTypes.String, "string");
        if (reason is null && node.ChecksStrings)
        {
            reason = CheckString(node, content, escaped);
        }

        return reason is null ? null : StringRejected(node, reason);
    }

    // Rejects are built out of line, here and below: inlined into the object walk, the building made the walk's
    // frame larger and left it fewer registers for every record, failing or not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValidationError StringRejected(SchemaNode node, string reason) =>
        new("", reason) { PatternTimedOut = node.IsPatternTimeout(reason) };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValidationError Rejected(string reason) => new("", reason);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValidationError UnexpectedProperty(string name) => new("", $"unexpected property '{name}'");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValidationError UnexpectedProperty(ReadOnlySpan<byte> name) => UnexpectedProperty(Encoding.UTF8.GetString(name));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValidationError DuplicateProperty(ReadOnlySpan<byte> name) => new("", $"duplicate property '{Encoding.UTF8.GetString(name)}'");

    /// <summary>A member's reject, its path led by the member's name (the schema's when listed, else the record's).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValidationError UnderProperty(string? knownName, ReadOnlySpan<byte> name, ValidationError error) =>
        FieldPath.UnderProperty(knownName ?? Encoding.UTF8.GetString(name), error);

    private static string? CheckString(SchemaNode node, ReadOnlySpan<byte> content, bool escaped)
    {
        if (!escaped)
        {
            return node.CheckString(content);
        }

        Span<byte> buffer = ValidationScratch.Current.Text(content.Length);
        int length = JsonSyntax.Unescape(content, buffer);
        return length < 0 ? "string contains an invalid escape sequence" : node.CheckString(buffer[..length]);
    }

    private ValidationError? ValidateNumber(SchemaNode node)
    {
        int start = _pos;
        int pos = start;
        JsonSyntaxError syntax = JsonSyntax.ScanNumber(_data, ref pos);
        _pos = pos;
        if (syntax == JsonSyntaxError.None && pos == _data.Length && _depth > 0)
        {
            // The record ends inside a container anyway; the reader said so before validating the number.
            syntax = JsonSyntaxError.UnexpectedEnd;
        }

        if (syntax != JsonSyntaxError.None)
        {
            return SyntaxError(syntax, pos);
        }

        return NumberVerdict(node, _data[start.._pos]);
    }

    /// <summary>The schema's verdict on a number already scanned (<paramref name="text"/>, well-formed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ValidationError? NumberVerdict(SchemaNode node, ReadOnlySpan<byte> text)
    {
        if (node.RejectsAll)
        {
            return RejectsAll();
        }

        // Any number is fine here: skip parsing it (doubles are not free).
        return node.NeedsNumberValue ? NumberValueVerdict(node, text) : null;
    }

    private static ValidationError? NumberValueVerdict(SchemaNode node, ReadOnlySpan<byte> text) =>
        NumberValueVerdict(node, JsonNumber.Parse(text), text);

    /// <summary><see cref="NumberVerdict"/> on a number already parsed (<see cref="JsonNumber.ScanShort"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ValidationError? ParsedNumberVerdict(SchemaNode node, in JsonNumber number, ReadOnlySpan<byte> text)
    {
        if (node.RejectsAll)
        {
            return RejectsAll();
        }

        return node.NeedsNumberValue ? NumberValueVerdict(node, number, text) : null;
    }

    private static ValidationError? NumberValueVerdict(SchemaNode node, in JsonNumber number, ReadOnlySpan<byte> text)
    {
        if (!node.AllowsNumber(number))
        {
            return NumberTypeMismatch(node, number);
        }

        string? reason = node.CheckNumber(number, text);
        return reason is null ? null : Rejected(reason);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValidationError NumberTypeMismatch(SchemaNode node, in JsonNumber number) =>
        new("", node.TypeMismatch(number.IsIntegral ? "integer" : "number"));

    private ValidationError? ValidateBoolean(SchemaNode node, ReadOnlySpan<byte> literal)
    {
        JsonSyntaxError syntax = JsonSyntax.ScanLiteral(_data, ref _pos, literal);
        if (syntax != JsonSyntaxError.None)
        {
            return SyntaxError(syntax, _pos);
        }

        string? reason = TypeMismatch(node, JsonTypes.Boolean, "boolean") ?? node.CheckBoolean(literal.Length == 4);
        return reason is null ? null : new ValidationError("", reason);
    }

    private ValidationError? ValidateNull(SchemaNode node)
    {
        JsonSyntaxError syntax = JsonSyntax.ScanLiteral(_data, ref _pos, "null"u8);
        if (syntax != JsonSyntaxError.None)
        {
            return SyntaxError(syntax, _pos);
        }

        string? reason = TypeMismatch(node, JsonTypes.Null, "null") ?? node.CheckNull();
        return reason is null ? null : new ValidationError("", reason);
    }

    /// <summary>
    /// An object: its plain members first (<see cref="TakePlainMembers"/>), and when they are all of it, the object is
    /// finished here, in a method with a small frame; anything else goes on in <see cref="ObjectMembers"/>, the general
    /// walk, from where the plain members stopped.
    /// </summary>
    private ValidationError? ValidateObject(SchemaNode node, ReadOnlySpan<byte> keyField, ref Range keyValue)
    {
        int objectStart = _pos;
        ValidationError? refused = EnterContainer(node, JsonTypes.Object, "object");
        if (refused is not null)
        {
            return refused;
        }

        PropertyTable? table = node.Properties;
        int pos = _pos;
        if (ByteAt(_data, pos) == (byte)'}')
        {
            return ObjectMembers(node, keyField, ref keyValue, objectStart, new PlainMembers(pos + 1, 0, 0, closed: true, -1, -1));
        }

        // This node's patternProperties / unevaluatedProperties evaluated in the walk (ObjectMembers' inWalk) need the
        // general loop for every member.
        if (!_inlineScalars || table is null || node.Compound is { ObjectKeywordsInWalk: true })
        {
            return ObjectMembers(node, keyField, ref keyValue, objectStart, new PlainMembers(pos, 0, 0, closed: false, -1, -1));
        }

        int keyIndex = keyField.Length > 0 ? table.Find(keyField, 0) : -1;
        PlainMembers taken = TakePlainMembers(table, _data, pos, keyIndex);
        if (!taken.Closed || table.WordCount != 1)
        {
            return ObjectMembers(node, keyField, ref keyValue, objectStart, taken);
        }

        // Every member was plain: what ObjectMembers does after its loop, for an object with no scratch names, no
        // member keywords and one word of seen bits.
        if (taken.KeyStart >= 0)
        {
            keyValue = new Range(taken.KeyStart, taken.KeyEnd);
        }

        _pos = taken.Position;
        _depth--;
        ulong required = table.RequiredMask[0];
        if ((taken.SeenFirst & required) != required)
        {
            return MissingRequired(table, taken.SeenFirst);
        }

        return node.ListsValues ? CheckContainer(node, System.Text.Json.JsonValueKind.Object, objectStart) : null;
    }

    /// <summary>
    /// The general object walk, from the state <paramref name="taken"/> leaves (the object entered at
    /// <paramref name="objectStart"/>; its first members maybe taken by <see cref="TakePlainMembers"/>, maybe closed).
    /// </summary>
    private ValidationError? ObjectMembers(SchemaNode node, ReadOnlySpan<byte> keyField, ref Range keyValue, int objectStart, in PlainMembers taken)
    {
        PropertyTable? table = node.Properties;
        // 256 properties in a local cover any realistic record schema. An inline array rather than stackalloc:
        // a method with stackalloc skips tiered compilation, so it would never get profile-guided code.
        int words = table?.WordCount ?? 1;
        SeenWords local = default;
        Span<ulong> seen = words <= SeenWords.Length ? local : new ulong[words];

        // The first 64 names' bits (all of them in nearly every schema) live in a local until the object ends: a word
        // of the span is a load and a store per member, a local stays in a register.
        ulong seenFirst = 0;
        ValidationScratch? scratch = null;
        int scratchBase = 0;
        int hint = 0;
        Range ignoredKey = default;

        // This node's patternProperties / additionalProperties-beside-patterns / unevaluatedProperties, when the walk
        // evaluates them (see CompoundKeywords.ObjectKeywordsInWalk). Their first failures wait until the walk has
        // finished, because the separate pass reported every walk error (syntax, required, ...) before them.
        CompoundKeywords? inWalk = node.Compound is { ObjectKeywordsInWalk: true } planned ? planned : null;
        ValidationError? memberFailure = null;
        ValidationError? unevaluatedFailure = null;

        // The walk position lives in a local between values and goes back to _pos only around a call: a field of
        // this by-ref struct is stored and reloaded at every step, which cost more than the checks themselves.
        // The members a plain record is made of came first, in a loop of their own (ValidateObject); the loop below
        // takes the first member that loop did not, and all after it.
        ReadOnlySpan<byte> data = _data;
        int pos = taken.Position;
        seenFirst = taken.SeenFirst;
        hint = taken.Hint;
        bool closed = taken.Closed;
        if (taken.KeyStart >= 0)
        {
            keyValue = new Range(taken.KeyStart, taken.KeyEnd);
        }

        if (!closed)
        {
            while (true)
            {
                if (ByteAt(data, pos) != (byte)'"')
                {
                    return SyntaxExpected("a property name", pos);
                }

                int nameStart = pos + 1;
                int index = -1;
                bool escaped = false;
                int rawLength = table is null ? 0 : table.MatchRawName(hint, data, nameStart);
                if (rawLength > 0)
                {
                    // Records mostly list properties in schema order: the expected name, written plainly, is
                    // already a well-formed string and a match.
                    index = hint;
                    pos = nameStart + rawLength;
                }
                else
                {
                    int end = JsonSyntax.PlainStringEnd(data, pos);
                    if (end > 0)
                    {
                        pos = end;
                    }
                    else
                    {
                        // Only here does the position go to a call by reference, and only a copy of it: passing pos
                        // itself would keep it in memory for the whole walk.
                        int scanned = pos;
                        JsonSyntaxError syntax = JsonSyntax.ScanString(data, ref scanned, out bool nameEscaped);
                        if (syntax != JsonSyntaxError.None)
                        {
                            return SyntaxError(syntax, scanned);
                        }

                        pos = scanned;
                        escaped = nameEscaped;
                    }
                }

                ReadOnlySpan<byte> name = data[nameStart..(pos - 1)];
                pos = JsonSyntax.SkipWhitespace(data, pos);
                if (ByteAt(data, pos) != (byte)':')
                {
                    return SyntaxExpected("':'", pos);
                }

                pos = JsonSyntax.SkipWhitespace(data, pos + 1);
                if (escaped)
                {
                    scratch ??= StartUnknownNames(out scratchBase);
                    Span<byte> unescaped = scratch.NameSpace(name.Length);
                    int length = JsonSyntax.Unescape(name, unescaped);
                    if (length < 0)
                    {
                        return Rejected("property name contains an invalid escape sequence");
                    }

                    name = unescaped[..length];
                }

                bool isKey = keyField.Length > 0 && name.SequenceEqual(keyField);
                if (index < 0 && table is not null)
                {
                    index = table.Find(name, hint);
                }

                SchemaNode child;
                string? knownName = null;
                if (index >= 0)
                {
                    // Two branches rather than one ref to either word: a ref to seenFirst would keep it in memory.
                    ulong bit = 1UL << (index & 63);
                    if (index < 64)
                    {
                        if ((seenFirst & bit) != 0)
                        {
                            return DuplicateListed(table!, index);
                        }

                        seenFirst |= bit;
                    }
                    else
                    {
                        ref ulong word = ref seen[index >> 6];
                        if ((word & bit) != 0)
                        {
                            return DuplicateListed(table!, index);
                        }

                        word |= bit;
                    }
                    hint = index + 1;
                    knownName = table!.Names[index];
                    SchemaNode? listed = table.Nodes[index];
                    if (listed is null)
                    {
                        if (!node.AdditionalAllowed)
                        {
                            // A name only in "required" is not in "properties": additionalProperties false refuses it.
                            return UnexpectedProperty(knownName);
                        }

                        _unlistedMembers++;
                    }

                    child = listed ?? Additional(node);
                }
                else
                {
                    if (!node.AdditionalAllowed)
                    {
                        return UnexpectedProperty(name);
                    }

                    scratch ??= StartUnknownNames(out scratchBase);
                    if (scratch.Contains(scratchBase, name))
                    {
                        return DuplicateProperty(name);
                    }

                    scratch.Add(name);
                    _unlistedMembers++;
                    child = Additional(node);
                }

                // Patterns are matched before the value is walked: an escaped listed name sits in scratch space that
                // the value's own objects may reuse.
                MemberEvaluation member = default;
                if (inWalk is not null && memberFailure is null)
                {
                    member = MemberEvaluation.Match(inWalk, name, index, table);
                }

                int valueStart = pos;
                ValidationError? error;
                int scalarEnd = -1;
                if (_inlineScalars && child.Compound is null)
                {
                    // Most members are a plain string or a number under a schema without applicators: judged here, with
                    // the position in a register, instead of through ValidateValue and the struct's field. Anything
                    // else (an escape, a container, a syntax error, the record's end) takes the general path below.
                    byte first = ByteAt(data, pos);
                    if (first == (byte)'"')
                    {
                        scalarEnd = JsonSyntax.PlainStringEnd(data, pos);
                    }
                    else if (first == (byte)'-' || (uint)(first - '0') <= 9)
                    {
                        scalarEnd = JsonSyntax.NumberEndBeforeMore(data, pos);
                    }
                }

                if (scalarEnd > 0)
                {
                    error = data[pos] == (byte)'"'
                        ? StringVerdict(child, data[(pos + 1)..(scalarEnd - 1)], escaped: false)
                        : NumberVerdict(child, data[pos..scalarEnd]);
                    pos = scalarEnd;
                }
                else
                {
                    _pos = pos;
                    error = ValidateValue(child, default, ref ignoredKey);
                    pos = _pos;
                }
                if (error is not null)
                {
                    return ReferenceEquals(error, _syntaxError) ? error : UnderProperty(knownName, name, error);
                }

                if (inWalk is not null && memberFailure is null)
                {
                    // An unlisted name stays readable: unescaped ones were recorded in the scratch, which inner
                    // objects only write past.
                    memberFailure = member.Check(node, inWalk, data[valueStart..pos], knownName, name, _maxDepth, ref unevaluatedFailure);
                }

                if (isKey)
                {
                    // A string's key is its still-escaped content; anything else is its whole text.
                    keyValue = data[valueStart] == (byte)'"' ? new Range(valueStart + 1, pos - 1) : new Range(valueStart, pos);
                }

                pos = JsonSyntax.SkipWhitespace(data, pos);
                byte next = ByteAt(data, pos);
                pos++;
                if (next == (byte)'}')
                {
                    break;
                }

                if (next != (byte)',')
                {
                    return SyntaxExpected("',' or '}'", pos - 1);
                }

                pos = JsonSyntax.SkipWhitespace(data, pos);
            }
        }

        _pos = pos;
        _depth--;
        scratch?.Truncate(scratchBase);
        if (table is not null)
        {
            seen[0] = seenFirst;
            for (int w = 0; w < words; w++)
            {
                if ((seen[w] & table.RequiredMask[w]) != table.RequiredMask[w])
                {
                    return MissingRequired(table, seen);
                }
            }
        }

        ValidationError? valuesFailure = node.ListsValues ? CheckContainer(node, System.Text.Json.JsonValueKind.Object, objectStart) : null;
        return valuesFailure ?? memberFailure ?? unevaluatedFailure;
    }

    /// <summary>
    /// The object walk's fast lane, from the member at <paramref name="pos"/>: takes members while each is the name the
    /// schema lists next (<see cref="PropertyTable.MatchRawName"/>), among the first 64, with a plain string or a number
    /// that passes a schema without applicators; the key's value (the listed name <paramref name="keyIndex"/>) is noted
    /// as the general loop notes it. A loop
    /// of its own with few values live, so they stay in registers across the leaf checks, which in the general loop
    /// they did not.
    /// </summary>
    /// <remarks>
    /// It stops at the start of the first member it cannot take whole, whatever the reason (another name, an escape,
    /// a container, a literal, a failed check, a syntax error), and hands over what it took: the general loop starts
    /// that member afresh, so every reject, and its wording, comes from there. Taking a member changes nothing but the
    /// position, the seen bits and the hint, which is why starting a member again is safe.
    /// </remarks>
    private static PlainMembers TakePlainMembers(PropertyTable table, ReadOnlySpan<byte> data, int pos, int keyIndex)
    {
        ulong seen = 0;
        int index = 0;
        int keyStart = -1;
        int keyEnd = -1;
        while (true)
        {
            if (ByteAt(data, pos) != (byte)'"' || index >= 64)
            {
                break;
            }

            int nameLength = table.MatchRawName(index, data, pos + 1);
            if (nameLength == 0)
            {
                break;
            }

            int at = JsonSyntax.SkipWhitespace(data, pos + 1 + nameLength);
            if (ByteAt(data, at) != (byte)':')
            {
                break;
            }

            at = JsonSyntax.SkipWhitespace(data, at + 1);
            SchemaNode? child = table.Nodes[index];
            if (child is null || child.Compound is not null)
            {
                break;
            }

            byte first = ByteAt(data, at);
            int end;
            ValidationError? error;
            if (first == (byte)'"')
            {
                end = JsonSyntax.PlainStringEnd(data, at);
                if (end < 0)
                {
                    break;
                }

                error = StringVerdict(child, data[(at + 1)..(end - 1)], escaped: false);
            }
            else if (first == (byte)'-' || (uint)(first - '0') <= 9)
            {
                // Short numbers (nearly all in records) are scanned and parsed in one pass; the rest twice, as elsewhere.
                end = JsonNumber.ScanShort(data, at, out JsonNumber number);
                if (end > 0)
                {
                    error = ParsedNumberVerdict(child, number, data[at..end]);
                }
                else
                {
                    end = JsonSyntax.NumberEndBeforeMore(data, at);
                    if (end < 0)
                    {
                        break;
                    }

                    error = NumberVerdict(child, data[at..end]);
                }
            }
            else
            {
                break;
            }

            if (error is not null)
            {
                break;
            }

            int valueEnd = end;
            end = JsonSyntax.SkipWhitespace(data, end);
            byte next = ByteAt(data, end);
            if (next != (byte)',' && next != (byte)'}')
            {
                break;
            }

            // The member is taken: only now do the position, the seen bits, the hint and the key move past it.
            if (index == keyIndex)
            {
                // As the general loop has it: a string's key is its still-escaped content, a number its whole text.
                keyStart = first == (byte)'"' ? at + 1 : at;
                keyEnd = first == (byte)'"' ? valueEnd - 1 : valueEnd;
            }

            seen |= 1UL << index;
            index++;
            if (next == (byte)'}')
            {
                return new PlainMembers(end + 1, seen, index, closed: true, keyStart, keyEnd);
            }

            pos = JsonSyntax.SkipWhitespace(data, end + 1);
        }

        return new PlainMembers(pos, seen, index, closed: false, keyStart, keyEnd);
    }

    /// <summary>
    /// What <see cref="TakePlainMembers"/> took: where the walk stands, the seen bits, the next expected name, whether
    /// the object closed, and where the key's value lies (-1 when the key was not among the members taken).
    /// </summary>
    private readonly struct PlainMembers(int position, ulong seenFirst, int hint, bool closed, int keyStart, int keyEnd)
    {
        public int Position { get; } = position;

        public ulong SeenFirst { get; } = seenFirst;

        public int Hint { get; } = hint;

        public bool Closed { get; } = closed;

        public int KeyStart { get; } = keyStart;

        public int KeyEnd { get; } = keyEnd;
    }

    private ValidationError? ValidateArray(SchemaNode node)
    {
        int arrayStart = _pos;
        ValidationError? refused = EnterContainer(node, JsonTypes.Array, "array");
        if (refused is not null)
        {
            return refused;
        }

        SchemaNode items = node.Items ?? SchemaNode.Any;
        SchemaNode[]? prefixItems = node.Compound?.PrefixItems;
        Range ignoredKey = default;
        int count = 0;

        // uniqueItems in the walk (CompoundKeywords.UniqueItemsInWalk): where each item stands while they are few
        // plain strings, so equal items are equal bytes; otherwise the general comparison runs afterwards.
        bool unique = node.Compound is { UniqueItemsInWalk: true };
        bool plainItems = unique;
        ItemBounds bounds = default;

        // As in ValidateObject, the position lives in a local and goes back to _pos only around a call.
        ReadOnlySpan<byte> data = _data;
        int pos = _pos;
        if (ByteAt(data, pos) == (byte)']')
        {
            pos++;
        }
        else
        {
            while (true)
            {
                SchemaNode item = prefixItems is not null && count < prefixItems.Length ? prefixItems[count] : items;
                int itemStart = pos;
                ValidationError? error;
                int scalarEnd = -1;
                bool plainString = false;
                if (_inlineScalars && item.Compound is null)
                {
                    // A plain string or a number under a schema without applicators (a tag list) is judged here, as the
                    // object walk judges such members; anything else takes ValidateValue.
                    byte first = ByteAt(data, pos);
                    if (first == (byte)'"')
                    {
                        scalarEnd = JsonSyntax.PlainStringEnd(data, pos);
                        plainString = scalarEnd > 0;
                    }
                    else if (first == (byte)'-' || (uint)(first - '0') <= 9)
                    {
                        scalarEnd = JsonSyntax.NumberEndBeforeMore(data, pos);
                    }
                }

                if (scalarEnd > 0)
                {
                    error = plainString
                        ? StringVerdict(item, data[(pos + 1)..(scalarEnd - 1)], escaped: false)
                        : NumberVerdict(item, data[pos..scalarEnd]);
                    pos = scalarEnd;
                }
                else
                {
                    _pos = pos;
                    error = ValidateValue(item, default, ref ignoredKey);
                    pos = _pos;

                    // Only asked of a valid item, while the items may still be compared as bytes.
                    plainString = error is null && plainItems && data[itemStart] == (byte)'"' && data[itemStart..pos].IndexOf((byte)'\\') < 0;
                }

                if (error is not null)
                {
                    return ReferenceEquals(error, _syntaxError) ? error : FieldPath.UnderIndex(count, error);
                }

                if (plainItems)
                {
                    // A string PlainStringEnd passed holds no backslash: it needs no second look.
                    plainItems = count < ItemBounds.Length / 2 && plainString;
                    if (plainItems)
                    {
                        bounds[2 * count] = itemStart;
                        bounds[(2 * count) + 1] = pos;
                    }
                }

                count++;
                pos = JsonSyntax.SkipWhitespace(data, pos);
                byte next = ByteAt(data, pos);
                pos++;
                if (next == (byte)']')
                {
                    break;
                }

                if (next != (byte)',')
                {
                    return SyntaxExpected("',' or ']'", pos - 1);
                }

                pos = JsonSyntax.SkipWhitespace(data, pos);
            }
        }

        _pos = pos;
        _depth--;
        string? reason = node.CheckItemCount(count);
        if (reason is not null)
        {
            return new ValidationError("", reason);
        }

        ValidationError? valuesFailure = node.ListsValues ? CheckContainer(node, System.Text.Json.JsonValueKind.Array, arrayStart) : null;
        if (valuesFailure is not null || !unique)
        {
            return valuesFailure;
        }

        return plainItems ? RepeatedPlainItem(bounds, count) : CompoundValidator.CheckUniqueItems(_data[arrayStart.._pos]);
    }

    /// <summary>The first pair of equal items among <paramref name="count"/> plain strings, as the general comparison orders them.</summary>
    private readonly ValidationError? RepeatedPlainItem(ReadOnlySpan<int> bounds, int count)
    {
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> first = _data[bounds[2 * i]..bounds[(2 * i) + 1]];
            for (int j = i + 1; j < count; j++)
            {
                if (first.SequenceEqual(_data[bounds[2 * j]..bounds[(2 * j) + 1]]))
                {
                    return CompoundValidator.RepeatedItems(i, j);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// <c>enum</c>/<c>const</c> for the object or array just walked from <paramref name="start"/>: its bytes are
    /// still in the record, so nothing was buffered on the way; only schemas that list values pay for this.
    /// </summary>
    private readonly ValidationError? CheckContainer(SchemaNode node, System.Text.Json.JsonValueKind kind, int start)
    {
        string? reason = node.CheckContainer(kind, _data[start.._pos]);
        return reason is null ? null : new ValidationError("", reason);
    }

    /// <summary>
    /// Steps into the object or array whose bracket is at <see cref="_pos"/>: checks the depth, then whether the
    /// schema takes a container here at all. On success the walk stands on the first member, past whitespace.
    /// </summary>
    private ValidationError? EnterContainer(SchemaNode node, JsonTypes type, string typeName)
    {
        if (_depth >= _maxDepth)
        {
            _tooDeep = true;
            return SyntaxError($"nesting deeper than {_maxDepth} (--max-depth)", _pos);
        }

        if (node.RejectsAll)
        {
            return RejectsAll();
        }

        if (!node.Allows(type))
        {
            return new ValidationError("", node.TypeMismatch(typeName));
        }

        _depth++;
        _pos = JsonSyntax.SkipWhitespace(_data, _pos + 1);
        return null;
    }

    /// <summary>The <c>false</c> schema first, then the type: the order the reader-based walk checked them in.</summary>
    private static string? TypeMismatch(SchemaNode node, JsonTypes type, string typeName)
    {
        if (node.RejectsAll)
        {
            return "no value is allowed here";
        }

        return node.Allows(type) ? null : node.TypeMismatch(typeName);
    }

    private static ValidationError RejectsAll() => new("", "no value is allowed here");

    /// <summary>The byte at <see cref="_pos"/>, or 0 (never valid where a byte is expected) at the end.</summary>
    private readonly byte Peek() => ByteAt(_data, _pos);

    /// <summary>The byte at <paramref name="pos"/>, or 0 (never valid where a byte is expected) at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte ByteAt(ReadOnlySpan<byte> data, int pos) => (uint)pos < (uint)data.Length ? data[pos] : (byte)0;

    private ValidationError SyntaxError(JsonSyntaxError error, int position) => SyntaxError(JsonSyntax.Describe(error), position);

    private ValidationError SyntaxExpected(string what, int position) =>
        position >= _data.Length
            ? SyntaxError(JsonSyntaxError.UnexpectedEnd, position)
            : SyntaxError($"expected {what}, found {Shown(_data[position])}", position);

    private ValidationError SyntaxError(string message, int position)
    {
        _syntaxMessage = message;
        _syntaxPosition = position;
        return _syntaxError;
    }

    /// <summary>A byte for a message: printable ASCII as itself in quotes, anything else as hex.</summary>
    private static string Shown(byte b) => b is >= 0x20 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";

    /// <summary>Start and end of up to 16 array items (the general comparison's short-list limit), for uniqueItems.</summary>
    [InlineArray(Length)]
    private struct ItemBounds
    {
        public const int Length = 32;

        private int _bound;
    }

    /// <summary>Bitmask words for the properties an object has seen (64 per word).</summary>
    [InlineArray(Length)]
    private struct SeenWords
    {
        public const int Length = 4;

        private ulong _word;
    }

    private static ValidationScratch StartUnknownNames(out int scratchBase)
    {
        ValidationScratch scratch = ValidationScratch.Current;
        scratchBase = scratch.Count;
        return scratch;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValidationError DuplicateListed(PropertyTable table, int index) =>
        new("", $"duplicate property '{table.Names[index]}'");

    private static SchemaNode Additional(SchemaNode node) => node.AdditionalSchema ?? SchemaNode.Any;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValidationError MissingRequired(PropertyTable table, ulong seenFirst) => MissingRequired(table, [seenFirst]);

    private static ValidationError MissingRequired(PropertyTable table, ReadOnlySpan<ulong> seen)
    {
        foreach (int index in table.RequiredOrder)
        {
            if ((seen[index >> 6] & (1UL << (index & 63))) == 0)
            {
                return new ValidationError("", $"missing required property '{table.Names[index]}'");
            }
        }

        throw new InvalidOperationException("required mask and order disagree");
    }
}
