namespace HybridBatch.Core.Schema;

/// <summary>
/// Which members of an object (or items of an array) a schema evaluated, for <c>unevaluatedProperties</c> and
/// <c>unevaluatedItems</c>: its own <c>properties</c>, <c>patternProperties</c>, <c>additionalProperties</c>,
/// <c>prefixItems</c>, <c>items</c>, <c>contains</c>, nested <c>unevaluated*</c>, and what every in-place subschema
/// that passed evaluated (<c>$ref</c>, <c>allOf</c>, the passing <c>anyOf</c>/<c>oneOf</c> branches, <c>if</c> with
/// <c>then</c> or <c>else</c>, <c>dependentSchemas</c>; never <c>not</c>). Members are numbered by position,
/// which every walk over the same span sees in the same order.
/// </summary>
internal static class EvaluatedMembers
{
    /// <summary>
    /// What <paramref name="node"/>'s other keywords evaluated (not its own unevaluated*), a flag per member in a
    /// pooled array the caller gives back (<see cref="CompoundValidator.ReturnFlags"/>); <paramref name="known"/>
    /// holds its branch verdicts.
    /// </summary>
    public static bool[] OfObject(SchemaNode node, ReadOnlySpan<byte> value, List<JsonMember> members, int maxDepth, BranchVerdicts known)
    {
        bool[] evaluated = CompoundValidator.RentFlags(members.Count);
        CollectObject(node, value, members, maxDepth, includeOwnUnevaluated: false, evaluated, known);
        return evaluated;
    }

    public static bool[] OfArray(SchemaNode node, ReadOnlySpan<byte> value, List<Range> items, int maxDepth, BranchVerdicts known)
    {
        bool[] evaluated = CompoundValidator.RentFlags(items.Count);
        CollectArray(node, value, items, maxDepth, includeOwnUnevaluated: false, evaluated, known);
        return evaluated;
    }

    private static void CollectObject(SchemaNode node, ReadOnlySpan<byte> value, List<JsonMember> members, int maxDepth, bool includeOwnUnevaluated, bool[] evaluated, BranchVerdicts known = default)
    {
        CompoundKeywords? c = node.Compound;
        int hint = 0;
        for (int i = 0; i < members.Count; i++)
        {
            if (evaluated[i] || node.AdditionalWritten || (includeOwnUnevaluated && c?.UnevaluatedProperties is not null))
            {
                evaluated[i] = true;
                continue;
            }

            // Records list properties in schema order mostly, so the name after the last match is tried first.
            ReadOnlySpan<byte> name = members[i].Utf8Name(value);
            int index = node.Properties?.Find(name, hint) ?? -1;
            if (index >= 0)
            {
                hint = index + 1;
            }

            evaluated[i] = (index >= 0 && node.Properties!.Nodes[index] is not null) || MatchesAnyPattern(c, name);
        }

        if (c is null || !c.HasInPlace)
        {
            return;
        }

        List<SchemaNode> passed = PassedInPlace(node, c, value, maxDepth, members, known);
        foreach (SchemaNode inPlace in passed)
        {
            CollectObject(inPlace, value, members, maxDepth, includeOwnUnevaluated: true, evaluated);
        }

        ScratchList<SchemaNode>.Return(passed);
    }

    private static void CollectArray(SchemaNode node, ReadOnlySpan<byte> value, List<Range> items, int maxDepth, bool includeOwnUnevaluated, bool[] evaluated, BranchVerdicts known = default)
    {
        CompoundKeywords? c = node.Compound;
        int prefix = c?.PrefixItems?.Length ?? 0;
        for (int i = 0; i < items.Count; i++)
        {
            if (i < prefix || node.Items is not null || (includeOwnUnevaluated && c?.UnevaluatedItems is not null)
                || (c?.Contains is { } contains && CompoundValidator.Branch(contains.Node, value[items[i]], maxDepth) is null))
            {
                evaluated[i] = true;
            }
        }

        if (c is null || !c.HasInPlace)
        {
            return;
        }

        List<SchemaNode> passed = PassedInPlace(node, c, value, maxDepth, null, known);
        foreach (SchemaNode inPlace in passed)
        {
            CollectArray(inPlace, value, items, maxDepth, includeOwnUnevaluated: true, evaluated);
        }

        ScratchList<SchemaNode>.Return(passed);
    }

    /// <summary>The in-place subschemas whose annotations count: those that apply and passed on this value (a rented list).</summary>
    private static List<SchemaNode> PassedInPlace(SchemaNode node, CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth, List<JsonMember>? members, BranchVerdicts known)
    {
        List<SchemaNode> passed = ScratchList<SchemaNode>.Rent();
        // Every node collected here passed on this value (all but its own unevaluated*, which none of these subschemas
        // looks at), so what it requires passed too and needs no second walk: its $ref target, allOf, the then or
        // else that its if chose, and the dependentSchemas of present names. Only disjunctions need verdicts.
        if (c.Ref is { } reference)
        {
            passed.Add(reference.Target);
        }

        foreach (SchemaBranch branch in c.AllOf ?? [])
        {
            passed.Add(branch.Node);
        }

        AddPassing(passed, c.AnyOf, known.AnyOf, value, maxDepth);
        AddPassing(passed, c.OneOf, known.OneOf, value, maxDepth);

        if (c.If is { } condition)
        {
            if (Passes(condition.Node, value, maxDepth))
            {
                passed.Add(condition.Node);
                if (c.Then is { } then)
                {
                    passed.Add(then.Node);
                }
            }
            else if (c.Else is { } otherwise)
            {
                passed.Add(otherwise.Node);
            }
        }

        if (c.DependentSchemas is { } dependents && members is not null)
        {
            for (int i = 0; i < dependents.Length; i++)
            {
                string name = c.DependentSchemaNames![i];
                if (Present(members, value, name))
                {
                    passed.Add(dependents[i].Node);
                }
            }
        }

        return passed;
    }

    private static bool MatchesAnyPattern(CompoundKeywords? c, ReadOnlySpan<byte> name)
    {
        foreach (PatternProperty pattern in c?.PatternProperties ?? [])
        {
            if (pattern.Matcher.MatchesPattern(name, out _))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Present(List<JsonMember> members, ReadOnlySpan<byte> value, string name)
    {
        foreach (JsonMember member in members)
        {
            if (member.Name(value) == name)
            {
                return true;
            }
        }

        return false;
    }

    private static void AddPassing(List<SchemaNode> passed, SchemaBranch[]? branches, bool[]? verdicts, ReadOnlySpan<byte> value, int maxDepth)
    {
        for (int i = 0; i < (branches?.Length ?? 0); i++)
        {
            if (verdicts is not null ? verdicts[i] : Passes(branches![i].Node, value, maxDepth))
            {
                passed.Add(branches![i].Node);
            }
        }
    }

    private static bool Passes(SchemaNode node, ReadOnlySpan<byte> value, int maxDepth) => CompoundValidator.Branch(node, value, maxDepth) is null;
}
