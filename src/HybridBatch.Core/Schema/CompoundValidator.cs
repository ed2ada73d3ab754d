using System.Numerics;

namespace HybridBatch.Core.Schema;

/// <summary>
/// Runs a node's <see cref="CompoundKeywords"/> over one value's span of the record, after the walk has checked
/// its bytes and local keywords. Each subschema walks the same span again (<see cref="JsonRecordValidator.ValidateSpan"/>):
/// nothing is copied or parsed into a tree. A reject names the failing branch by its schema location; a
/// pattern timeout inside a branch never turns into an accept (fail closed: the record is rejected as timed out).
/// </summary>
internal static class CompoundValidator
{
    public static ValidationError? Check(SchemaNode node, CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth)
    {
        if (c.Ref is { } reference)
        {
            ValidationError? error = Sub(reference.Target, value, maxDepth);
            if (error is not null)
            {
                return Within(error, $"$ref {reference.Text} ({reference.Location} -> {reference.TargetLocation})");
            }
        }

        // An object's member list is built at most once per check, for whichever keywords need it.
        List<JsonMember>? members = null;

        // unevaluated* needs each anyOf/oneOf branch's verdict; remembered here so they are not walked twice.
        bool annotate = c.UnevaluatedProperties is not null || c.UnevaluatedItems is not null;
        var verdicts = new BranchVerdicts(
            annotate && c.AnyOf is { } anyOf ? new bool[anyOf.Length] : null,
            annotate && c.OneOf is { } oneOf ? new bool[oneOf.Length] : null);
        ValidationError? kindError = value[0] switch
        {
            (byte)'{' => CheckObject(node, c, value, maxDepth, ref members),
            (byte)'[' => CheckArray(c, value, maxDepth),
            (byte)'-' or (>= (byte)'0' and <= (byte)'9') => CheckMultipleOf(c, value),
            _ => null,
        };
        return kindError
            ?? CheckAllOf(c, value, maxDepth)
            ?? CheckAnyOf(c, value, maxDepth, verdicts.AnyOf)
            ?? CheckOneOf(c, value, maxDepth, verdicts.OneOf)
            ?? CheckNot(c, value, maxDepth)
            ?? CheckIf(c, value, maxDepth)
            ?? CheckUnevaluated(node, c, value, maxDepth, members, verdicts);
    }

    /// <summary>Validates <paramref name="value"/> (a whole, well-formed JSON value) against <paramref name="node"/>.</summary>
    public static ValidationError? Sub(SchemaNode node, ReadOnlySpan<byte> value, int maxDepth) =>
        node.RejectsAll ? new ValidationError("", "no value is allowed here")
        : ReferenceEquals(node, SchemaNode.Any) ? null
        : JsonRecordValidator.ValidateSpan(node, value, maxDepth);

    /// <summary>
    /// As <see cref="Sub"/> for a branch of an applicator, stepping straight through schemas that are only a
    /// <c>$ref</c> (a oneOf of references is the common shape): the verdict is the same, one walk fewer per step.
    /// The reject still names the branch; a <c>$ref</c> keyword's own reject keeps every step (see <see cref="Check"/>).
    /// </summary>
    public static ValidationError? Branch(SchemaNode node, ReadOnlySpan<byte> value, int maxDepth)
    {
        // Terminates: reference cycles that consume no input are refused at load.
        while (node.Compound is { RefOnly: true } only)
        {
            node = only.Ref!.Target;
        }

        return Sub(node, value, maxDepth);
    }

    private static string Reasons(SchemaBranch[] branches, ValidationError?[] errors) =>
        string.Join("; ", branches.Select((branch, i) => $"{branch.Location}: {errors[i]}"));

    /// <summary>Keeps the inner field path (relative to this value) and says which keyword the reason came through.</summary>
    private static ValidationError Within(ValidationError inner, string through) => inner with { Reason = $"{through}: {inner.Reason}" };

    private static ValidationError? CheckAllOf(CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth)
    {
        foreach (SchemaBranch branch in c.AllOf ?? [])
        {
            ValidationError? error = Branch(branch.Node, value, maxDepth);
            if (error is not null)
            {
                return Within(error, $"allOf {branch.Location} failed");
            }
        }

        return null;
    }

    private static ValidationError? CheckAnyOf(CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth, bool[]? passed)
    {
        if (c.AnyOf is not { } branches)
        {
            return null;
        }

        // Reasons are only put into words when every branch failed: a passing anyOf builds no strings.
        var errors = new ValidationError[branches.Length];
        bool timedOut = false;
        bool any = false;
        for (int i = 0; i < branches.Length; i++)
        {
            ValidationError? error = Branch(branches[i].Node, value, maxDepth);
            if (error is null)
            {
                if (passed is null)
                {
                    return null;
                }

                // unevaluated* wants every branch's verdict: go on.
                passed[i] = any = true;
                continue;
            }

            timedOut |= error.PatternTimedOut;
            errors[i] = error;
        }

        if (any)
        {
            return null;
        }

        return new ValidationError("", $"matched none of anyOf ({branches.Length}): {Reasons(branches, errors)}") { PatternTimedOut = timedOut };
    }

    private static ValidationError? CheckOneOf(CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth, bool[]? passed)
    {
        if (c.OneOf is not { } branches)
        {
            return null;
        }

        var errors = new ValidationError?[branches.Length];
        int matched = 0;
        for (int i = 0; i < branches.Length; i++)
        {
            ValidationError? error = Branch(branches[i].Node, value, maxDepth);
            if (error is { PatternTimedOut: true })
            {
                // Whether this branch matches is unknown, so the count is too.
                return Within(error, $"oneOf {branches[i].Location}");
            }

            errors[i] = error;
            matched += error is null ? 1 : 0;
            if (passed is not null)
            {
                passed[i] = error is null;
            }
        }

        return matched switch
        {
            1 => null,
            0 => new ValidationError("", $"matched none of oneOf ({branches.Length}): {Reasons(branches, errors)}"),
            _ => new ValidationError("", $"matched {matched} of {branches.Length}: {string.Join(" and ", branches.Where((_, i) => errors[i] is null).Select(b => b.Location))} (oneOf allows exactly one)"),
        };
    }

    private static ValidationError? CheckNot(CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth)
    {
        if (c.Not is not { } branch)
        {
            return null;
        }

        ValidationError? error = Sub(branch.Node, value, maxDepth);
        if (error is { PatternTimedOut: true })
        {
            return Within(error, $"not {branch.Location}");
        }

        return error is null ? new ValidationError("", $"must not match {branch.Location}") : null;
    }

    private static ValidationError? CheckIf(CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth)
    {
        if (c.If is not { } condition)
        {
            return null;
        }

        ValidationError? test = Sub(condition.Node, value, maxDepth);
        if (test is { PatternTimedOut: true })
        {
            return Within(test, $"if {condition.Location}");
        }

        SchemaBranch? consequence = test is null ? c.Then : c.Else;
        if (consequence is null)
        {
            return null;
        }

        ValidationError? error = Sub(consequence.Node, value, maxDepth);
        return error is null ? null : Within(error, $"{(test is null ? "then" : "else")} {consequence.Location} failed ({condition.Location} {(test is null ? "matched" : "did not match")})");
    }

    private static ValidationError? CheckObject(SchemaNode node, CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth, ref List<JsonMember>? memberList)
    {
        if (c.PatternProperties is null && c.AdditionalBesidePatterns is null && c.PropertyNames is null && c.MinProperties < 0
            && c.MaxProperties < 0 && c.DependentRequired is null && c.DependentSchemas is null)
        {
            return null;
        }

        List<JsonMember> members = memberList = JsonSpan.Members(value);
        if (c.MinProperties >= 0 && members.Count < c.MinProperties)
        {
            return new ValidationError("", $"property count must be >= {c.MinProperties}, got {members.Count}");
        }

        if (c.MaxProperties >= 0 && members.Count > c.MaxProperties)
        {
            return new ValidationError("", $"property count must be <= {c.MaxProperties}, got {members.Count}");
        }

        foreach (JsonMember member in members)
        {
            ValidationError? error = CheckMember(node, c, member, value, maxDepth);
            if (error is not null)
            {
                return error;
            }
        }

        if (c.DependentRequired is null && c.DependentSchemas is null)
        {
            return null;
        }

        var present = new HashSet<string>(members.Select(m => m.Name), StringComparer.Ordinal);
        foreach (DependentRequirement dependency in c.DependentRequired ?? [])
        {
            if (!present.Contains(dependency.Name))
            {
                continue;
            }

            foreach (string required in dependency.Required)
            {
                if (!present.Contains(required))
                {
                    return new ValidationError("", $"missing property '{required}', which '{dependency.Name}' requires (dependentRequired)");
                }
            }
        }

        for (int i = 0; i < (c.DependentSchemas?.Length ?? 0); i++)
        {
            if (present.Contains(c.DependentSchemaNames![i]))
            {
                SchemaBranch branch = c.DependentSchemas![i];
                ValidationError? error = Sub(branch.Node, value, maxDepth);
                if (error is not null)
                {
                    return Within(error, $"dependentSchemas {branch.Location} (property '{c.DependentSchemaNames[i]}' is present) failed");
                }
            }
        }

        return null;
    }

    private static ValidationError? CheckMember(SchemaNode node, CompoundKeywords c, JsonMember member, ReadOnlySpan<byte> value, int maxDepth)
    {
        ReadOnlySpan<byte> memberValue = value[member.Value];
        if (c.PropertyNames is { } names)
        {
            ValidationError? error = Sub(names.Node, value[member.NameToken], maxDepth);
            if (error is not null)
            {
                return error with { Field = "", Reason = $"property name '{member.Name}' fails propertyNames {names.Location}: {error.Reason}" };
            }
        }

        if (c.PatternProperties is null)
        {
            return null;
        }

        bool matched = node.Properties is { } table && table.Find(member.Utf8Name, 0) is int index and >= 0 && table.Nodes[index] is not null;
        foreach (PatternProperty pattern in c.PatternProperties)
        {
            string? miss = pattern.Matcher.CheckString(member.Utf8Name);
            if (pattern.Matcher.IsPatternTimeout(miss))
            {
                return new ValidationError(member.Name, miss!) { PatternTimedOut = true };
            }

            if (miss is not null)
            {
                continue;
            }

            matched = true;
            ValidationError? error = Sub(pattern.Schema.Node, memberValue, maxDepth);
            if (error is not null)
            {
                return FieldPath.UnderProperty(member.Name, Within(error, $"patternProperties {pattern.Schema.Location}"));
            }
        }

        if (matched || c.AdditionalBesidePatterns is not { } additional)
        {
            return null;
        }

        if (additional.RejectsAll)
        {
            return new ValidationError("", $"unexpected property '{member.Name}'");
        }

        ValidationError? additionalError = Sub(additional, memberValue, maxDepth);
        return additionalError is null ? null : FieldPath.UnderProperty(member.Name, additionalError);
    }

    private static ValidationError? CheckArray(CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth)
    {
        if (c.Contains is null && !c.UniqueItems)
        {
            return null;
        }

        List<Range> items = JsonSpan.Items(value);
        if (c.Contains is { } contains)
        {
            int matches = 0;
            foreach (Range item in items)
            {
                ValidationError? error = Branch(contains.Node, value[item], maxDepth);
                if (error is { PatternTimedOut: true })
                {
                    return Within(error, $"contains {contains.Location}");
                }

                matches += error is null ? 1 : 0;
            }

            if (matches < c.MinContains)
            {
                return new ValidationError("", $"{matches} of {items.Count} items match contains {contains.Location}, at least {c.MinContains} must");
            }

            if (c.MaxContains >= 0 && matches > c.MaxContains)
            {
                return new ValidationError("", $"{matches} of {items.Count} items match contains {contains.Location}, at most {c.MaxContains} may");
            }
        }

        if (c.UniqueItems)
        {
            bool repeat = PlainItemsRepeat(value, items, out bool decided, out int first, out int second);
            if (decided)
            {
                return repeat ? new ValidationError("", $"items [{first}] and [{second}] are equal (uniqueItems)") : null;
            }

            var seen = new Dictionary<byte[], int>(CanonicalComparer.Instance);
            for (int i = 0; i < items.Count; i++)
            {
                byte[] canonical = JsonCanonical.Of(value[items[i]]);
                if (!seen.TryAdd(canonical, i))
                {
                    return new ValidationError("", $"items [{seen[canonical]}] and [{i}] are equal (uniqueItems)");
                }
            }
        }

        return null;
    }

    /// <summary>
    /// <c>uniqueItems</c> without canonical forms for the common case, a short list of strings written without
    /// escapes (a tag list): then equal values are equal bytes. <paramref name="decided"/> is false for anything
    /// else, which the canonical comparison handles.
    /// </summary>
    private static bool PlainItemsRepeat(ReadOnlySpan<byte> value, List<Range> items, out bool decided, out int first, out int second)
    {
        first = second = -1;
        decided = false;
        if (items.Count > 16)
        {
            return false;
        }

        foreach (Range item in items)
        {
            ReadOnlySpan<byte> text = value[item];
            if (text[0] != (byte)'"' || text.IndexOf((byte)'\\') >= 0)
            {
                return false;
            }
        }

        decided = true;
        for (int i = 0; i < items.Count; i++)
        {
            for (int j = i + 1; j < items.Count; j++)
            {
                if (value[items[i]].SequenceEqual(value[items[j]]))
                {
                    (first, second) = (i, j);
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary><c>multipleOf</c> exactly: value = a × 10^x and divisor = b × 10^y with integers a, b, in decimal arithmetic.</summary>
    private static ValidationError? CheckMultipleOf(CompoundKeywords c, ReadOnlySpan<byte> text)
    {
        if (c.MultipleOf is not { } divisor)
        {
            return null;
        }

        Span<byte> digits = text.Length <= 256 ? stackalloc byte[text.Length] : new byte[text.Length];
        int count = ExactDecimal.Normalize(text, digits, out _, out long exponent);
        if (count < 0)
        {
            return new ValidationError("", $"number out of range: {System.Text.Encoding.UTF8.GetString(text)}");
        }

        if (count == 0)
        {
            return null;
        }

        // 0.d1…dn × 10^e = (d1…dn) × 10^(e−n).
        BigInteger a = BigInteger.Parse(System.Text.Encoding.ASCII.GetString(digits[..count]), System.Globalization.CultureInfo.InvariantCulture);
        long x = exponent - count;
        BigInteger b = BigInteger.Parse(System.Text.Encoding.ASCII.GetString(divisor.Digits), System.Globalization.CultureInfo.InvariantCulture);
        long y = divisor.Exponent - divisor.Digits.Length;
        bool multiple;
        if (x >= y)
        {
            // a × 10^(x−y) mod b, with the power taken modulo b so a huge exponent costs nothing.
            multiple = (a % b * BigInteger.ModPow(10, x - y, b) % b).IsZero;
        }
        else
        {
            // a must be a multiple of b × 10^(y−x); a has count digits, so a larger power of ten cannot divide it.
            long shift = y - x;
            multiple = shift <= count && (a % (b * BigInteger.Pow(10, (int)shift))).IsZero;
        }

        return multiple ? null : new ValidationError("", $"must be a multiple of {divisor.Text}, got {System.Text.Encoding.UTF8.GetString(text)}");
    }

    private static ValidationError? CheckUnevaluated(SchemaNode node, CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth, List<JsonMember>? known, BranchVerdicts verdicts)
    {
        if (c.UnevaluatedProperties is { } properties && value[0] == (byte)'{')
        {
            List<JsonMember> members = known ?? JsonSpan.Members(value);
            bool[] evaluated = EvaluatedMembers.OfObject(node, value, members, maxDepth, verdicts);
            for (int i = 0; i < members.Count; i++)
            {
                if (evaluated[i])
                {
                    continue;
                }

                if (properties.Node.RejectsAll)
                {
                    return new ValidationError("", $"unevaluated property '{members[i].Name}' ({properties.Location})");
                }

                ValidationError? error = Sub(properties.Node, value[members[i].Value], maxDepth);
                if (error is not null)
                {
                    return FieldPath.UnderProperty(members[i].Name, Within(error, $"unevaluatedProperties {properties.Location}"));
                }
            }
        }

        if (c.UnevaluatedItems is { } items && value[0] == (byte)'[')
        {
            List<Range> elements = JsonSpan.Items(value);
            bool[] evaluated = EvaluatedMembers.OfArray(node, value, elements, maxDepth, verdicts);
            for (int i = 0; i < elements.Count; i++)
            {
                if (evaluated[i])
                {
                    continue;
                }

                if (items.Node.RejectsAll)
                {
                    return new ValidationError("", $"unevaluated item [{i}] ({items.Location})");
                }

                ValidationError? error = Sub(items.Node, value[elements[i]], maxDepth);
                if (error is not null)
                {
                    return FieldPath.UnderIndex(i, Within(error, $"unevaluatedItems {items.Location}"));
                }
            }
        }

        return null;
    }

    /// <summary>Compares canonical forms (<see cref="JsonCanonical"/>) by content.</summary>
    private sealed class CanonicalComparer : IEqualityComparer<byte[]>
    {
        public static readonly CanonicalComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
