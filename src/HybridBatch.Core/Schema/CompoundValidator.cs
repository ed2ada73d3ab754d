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
                return ThroughReference(reference, error);
            }
        }

        // An object's member list is built at most once per check, for whichever keywords need it; rented, so
        // valid records allocate none.
        List<JsonMember>? members = null;

        // unevaluated* needs each anyOf/oneOf branch's verdict; remembered here so they are not walked twice.
        bool annotate = c.UnevaluatedProperties is not null || c.UnevaluatedItems is not null;
        var verdicts = new BranchVerdicts(
            annotate && c.AnyOf is { } anyOf ? RentFlags(anyOf.Length) : null,
            annotate && c.OneOf is { } oneOf ? RentFlags(oneOf.Length) : null);
        try
        {
            return CheckValue(node, c, value, maxDepth, ref members, verdicts);
        }
        finally
        {
            ScratchList<JsonMember>.Return(members);
            ReturnFlags(verdicts.AnyOf);
            ReturnFlags(verdicts.OneOf);
        }
    }

    /// <summary>
    /// What <see cref="Check"/> still checks on an object once the walk found that tagged-union branch
    /// <paramref name="chosen"/> is the only one of <c>oneOf</c> that matched (see <see cref="CompoundKeywords.TaggedUnionInWalk"/>,
    /// which leaves nothing else): <c>unevaluatedProperties</c>, knowing that verdict.
    /// </summary>
    public static ValidationError? CheckAfterTaggedBranch(SchemaNode node, CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth, int chosen)
    {
        if (c.UnevaluatedProperties is null)
        {
            return null;
        }

        List<JsonMember>? members = null;
        bool[] passed = RentFlags(c.OneOf!.Length);
        passed[chosen] = true;
        try
        {
            return CheckUnevaluated(node, c, value, maxDepth, ref members, new BranchVerdicts(null, passed));
        }
        finally
        {
            ScratchList<JsonMember>.Return(members);
            ReturnFlags(passed);
        }
    }

    /// <summary>A per-thread array whose first <paramref name="count"/> flags are false (it may be longer).</summary>
    public static bool[] RentFlags(int count) => ScratchFlags.Rent(count);

    public static void ReturnFlags(bool[]? flags) => ScratchFlags.Return(flags);

    private static ValidationError? CheckValue(SchemaNode node, CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth, ref List<JsonMember>? members, BranchVerdicts verdicts)
    {
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
            ?? CheckOneOf(c, value, maxDepth, verdicts.OneOf, ref members)
            ?? CheckNot(c, value, maxDepth)
            ?? CheckIf(c, value, maxDepth)
            ?? CheckUnevaluated(node, c, value, maxDepth, ref members, verdicts);
    }

    /// <summary>The members of the object <paramref name="value"/>, listed into a rented list on first use.</summary>
    private static List<JsonMember> MembersOf(ReadOnlySpan<byte> value, ref List<JsonMember>? members)
    {
        if (members is null)
        {
            members = ScratchList<JsonMember>.Rent();
            JsonSpan.Members(value, members);
        }

        return members;
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
    public static ValidationError? Branch(SchemaNode node, ReadOnlySpan<byte> value, int maxDepth) =>
        Sub(StepThroughReferences(node), value, maxDepth);

    /// <summary>The schema a branch stands for once schemas that are only a <c>$ref</c> are stepped through.</summary>
    public static SchemaNode StepThroughReferences(SchemaNode node)
    {
        // Terminates: reference cycles that consume no input are refused at load.
        while (node.Compound is { RefOnly: true } only)
        {
            node = only.Ref!.Target;
        }

        return node;
    }

    // Lambdas that capture live in their own methods: a capture allocates its closure on entry to the scope that
    // declares the captured variable, on every call, even when the lambda never runs.
    private static string Matching(SchemaBranch[] branches, ValidationError?[] errors) =>
        string.Join(" and ", branches.Where((_, i) => errors[i] is null).Select(b => b.Location));

    private static string Reasons(SchemaBranch[] branches, ValidationError?[] errors) =>
        string.Join("; ", branches.Select((branch, i) => $"{branch.Location}: {errors[i]}"));

    /// <summary>A reject found through a <c>$ref</c>, naming the path through the reference.</summary>
    public static ValidationError ThroughReference(SchemaReference reference, ValidationError inner) =>
        Within(inner, $"$ref {reference.Text} ({reference.Location} -> {reference.TargetLocation})");

    /// <summary>Keeps the inner field path (relative to this value) and says which keyword the reason came through.</summary>
    public static ValidationError Within(ValidationError inner, string through) => inner with { Reason = $"{through}: {inner.Reason}" };

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

    private static ValidationError? CheckOneOf(CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth, bool[]? passed, ref List<JsonMember>? members)
    {
        if (c.OneOf is not { } branches)
        {
            return null;
        }

        if (c.OneOfDiscriminator is { } discriminator && value[0] == (byte)'{'
            && discriminator.TryFindTag(value, MembersOf(value, ref members), out Range tag)
            && MatchesOnlyOneCandidate(discriminator, branches, value, value[tag], maxDepth, passed))
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
            _ => new ValidationError("", $"matched {matched} of {branches.Length}: {Matching(branches, errors)} (oneOf allows exactly one)"),
        };
    }

    /// <summary>
    /// Walks only the branches the tag leaves; true when exactly one of them matched, which (the others failing for
    /// certain) is the verdict in full. False leaves the full evaluation to word the reasons.
    /// </summary>
    private static bool MatchesOnlyOneCandidate(BranchDiscriminator discriminator, SchemaBranch[] branches, ReadOnlySpan<byte> value, ReadOnlySpan<byte> tag, int maxDepth, bool[]? passed)
    {
        int match = -1;
        for (int i = 0; i < branches.Length; i++)
        {
            if (discriminator.Excludes(i, tag) || Branch(branches[i].Node, value, maxDepth) is not null)
            {
                continue;
            }

            if (match >= 0)
            {
                return false;
            }

            match = i;
        }

        if (match < 0)
        {
            return false;
        }

        if (passed is not null)
        {
            Array.Clear(passed);
            passed[match] = true;
        }

        return true;
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

        List<JsonMember> members = MembersOf(value, ref memberList);
        if (c.MinProperties >= 0 && members.Count < c.MinProperties)
        {
            return new ValidationError("", $"property count must be >= {c.MinProperties}, got {members.Count}");
        }

        if (c.MaxProperties >= 0 && members.Count > c.MaxProperties)
        {
            return new ValidationError("", $"property count must be <= {c.MaxProperties}, got {members.Count}");
        }

        int hint = 0;
        foreach (JsonMember member in members)
        {
            ValidationError? error = CheckMember(node, c, member, value, maxDepth, ref hint);
            if (error is not null)
            {
                return error;
            }
        }

        if (c.DependentRequired is null && c.DependentSchemas is null)
        {
            return null;
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonMember member in members)
        {
            present.Add(member.Name(value));
        }

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

    /// <summary><paramref name="hint"/>: the property index to try first, the one after the last name found.</summary>
    private static ValidationError? CheckMember(SchemaNode node, CompoundKeywords c, JsonMember member, ReadOnlySpan<byte> value, int maxDepth, ref int hint)
    {
        ReadOnlySpan<byte> memberValue = value[member.Value];
        if (c.PropertyNames is { } names)
        {
            ValidationError? error = Sub(names.Node, value[member.NameToken], maxDepth);
            if (error is not null)
            {
                return error with { Field = "", Reason = $"property name '{member.Name(value)}' fails propertyNames {names.Location}: {error.Reason}" };
            }
        }

        if (c.PatternProperties is null)
        {
            return null;
        }

        int index = node.Properties?.Find(member.Utf8Name(value), hint) ?? -1;
        if (index >= 0)
        {
            hint = index + 1;
        }

        bool matched = index >= 0 && node.Properties!.Nodes[index] is not null;
        foreach (PatternProperty pattern in c.PatternProperties)
        {
            if (!pattern.Matcher.MatchesPattern(member.Utf8Name(value), out bool timedOut))
            {
                if (timedOut)
                {
                    return new ValidationError(member.Name(value), pattern.Matcher.PatternTimeoutReason!) { PatternTimedOut = true };
                }

                continue;
            }

            matched = true;
            ValidationError? error = Sub(pattern.Schema.Node, memberValue, maxDepth);
            if (error is not null)
            {
                return FieldPath.UnderProperty(member.Name(value), Within(error, $"patternProperties {pattern.Schema.Location}"));
            }
        }

        if (matched || c.AdditionalBesidePatterns is not { } additional)
        {
            return null;
        }

        if (additional.RejectsAll)
        {
            return new ValidationError("", $"unexpected property '{member.Name(value)}'");
        }

        ValidationError? additionalError = Sub(additional, memberValue, maxDepth);
        return additionalError is null ? null : FieldPath.UnderProperty(member.Name(value), additionalError);
    }

    private static ValidationError? CheckArray(CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth)
    {
        if (c.Contains is null && !c.UniqueItems)
        {
            return null;
        }

        List<Range> items = ScratchList<Range>.Rent();
        try
        {
            JsonSpan.Items(value, items);
            return CheckItems(c, value, maxDepth, items);
        }
        finally
        {
            ScratchList<Range>.Return(items);
        }
    }

    private static ValidationError? CheckItems(CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth, List<Range> items)
    {
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

        return c.UniqueItems ? RepeatedItem(value, items) : null;
    }

    /// <summary><c>uniqueItems</c> on the array <paramref name="value"/>, for a walk that could not compare its items itself.</summary>
    public static ValidationError? CheckUniqueItems(ReadOnlySpan<byte> value)
    {
        List<Range> items = ScratchList<Range>.Rent();
        try
        {
            JsonSpan.Items(value, items);
            return RepeatedItem(value, items);
        }
        finally
        {
            ScratchList<Range>.Return(items);
        }
    }

    /// <summary>The reject for the first pair of equal items.</summary>
    public static ValidationError RepeatedItems(int first, int second) => new("", $"items [{first}] and [{second}] are equal (uniqueItems)");

    private static ValidationError? RepeatedItem(ReadOnlySpan<byte> value, List<Range> items)
    {
        bool repeat = PlainItemsRepeat(value, items, out bool decided, out int first, out int second);
        if (decided)
        {
            return repeat ? RepeatedItems(first, second) : null;
        }

        var seen = new Dictionary<byte[], int>(CanonicalComparer.Instance);
        for (int i = 0; i < items.Count; i++)
        {
            byte[] canonical = JsonCanonical.Of(value[items[i]]);
            if (!seen.TryAdd(canonical, i))
            {
                return RepeatedItems(seen[canonical], i);
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
    public static ValidationError? CheckMultipleOf(CompoundKeywords c, ReadOnlySpan<byte> text)
    {
        if (c.MultipleOf is not { } divisor)
        {
            return null;
        }

        if (c.MultipleOfFractionDigits >= 0 && ExactMultiple.TryPowerOfTen(text, c.MultipleOfFractionDigits) is { } byDigits)
        {
            return byDigits ? null : NotMultiple(divisor, text);
        }

        if (ExactMultiple.TryPlain(text, divisor) is { } plain)
        {
            return plain ? null : NotMultiple(divisor, text);
        }

        return CheckMultipleOfNormalized(divisor, text);
    }

    private static ValidationError NotMultiple(NumericBound divisor, ReadOnlySpan<byte> text) =>
        new("", $"must be a multiple of {divisor.Text}, got {System.Text.Encoding.UTF8.GetString(text)}");

    /// <summary>The general path of <see cref="CheckMultipleOf"/>: any length, any exponent.</summary>
    private static ValidationError? CheckMultipleOfNormalized(NumericBound divisor, ReadOnlySpan<byte> text)
    {
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
        bool multiple = ExactMultiple.IsMultiple(digits[..count], exponent - count, divisor.Digits, divisor.Exponent - divisor.Digits.Length);
        return multiple ? null : NotMultiple(divisor, text);
    }

    private static ValidationError? CheckUnevaluated(SchemaNode node, CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth, ref List<JsonMember>? known, BranchVerdicts verdicts)
    {
        if (c.UnevaluatedProperties is { } properties && value[0] == (byte)'{')
        {
            List<JsonMember> members = MembersOf(value, ref known);
            bool[] evaluated = EvaluatedMembers.OfObject(node, value, members, maxDepth, verdicts);
            try
            {
                for (int i = 0; i < members.Count; i++)
                {
                    if (evaluated[i])
                    {
                        continue;
                    }

                    if (properties.Node.RejectsAll)
                    {
                        return new ValidationError("", $"unevaluated property '{members[i].Name(value)}' ({properties.Location})");
                    }

                    ValidationError? error = Sub(properties.Node, value[members[i].Value], maxDepth);
                    if (error is not null)
                    {
                        return FieldPath.UnderProperty(members[i].Name(value), Within(error, $"unevaluatedProperties {properties.Location}"));
                    }
                }
            }
            finally
            {
                ReturnFlags(evaluated);
            }
        }

        if (c.UnevaluatedItems is { } items && value[0] == (byte)'[')
        {
            List<Range> elements = ScratchList<Range>.Rent();
            try
            {
                JsonSpan.Items(value, elements);
                return CheckUnevaluatedItems(node, items, value, maxDepth, elements, verdicts);
            }
            finally
            {
                ScratchList<Range>.Return(elements);
            }
        }

        return null;
    }

    private static ValidationError? CheckUnevaluatedItems(SchemaNode node, SchemaBranch items, ReadOnlySpan<byte> value, int maxDepth, List<Range> elements, BranchVerdicts verdicts)
    {
        bool[] evaluated = EvaluatedMembers.OfArray(node, value, elements, maxDepth, verdicts);
        try
        {
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

            return null;
        }
        finally
        {
            ReturnFlags(evaluated);
        }
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
