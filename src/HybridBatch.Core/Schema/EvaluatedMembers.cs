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
    /// <summary>What <paramref name="node"/>'s other keywords evaluated (not its own unevaluated*); <paramref name="known"/> holds its branch verdicts.</summary>
    public static bool[] OfObject(SchemaNode node, ReadOnlySpan<byte> value, List<JsonMember> members, int maxDepth, BranchVerdicts known)
    {
        bool[] evaluated = new bool[members.Count];
        CollectObject(node, value, members, maxDepth, includeOwnUnevaluated: false, evaluated, known);
        return evaluated;
    }

    public static bool[] OfArray(SchemaNode node, ReadOnlySpan<byte> value, List<Range> items, int maxDepth, BranchVerdicts known)
    {
        bool[] evaluated = new bool[items.Count];
        CollectArray(node, value, items, maxDepth, includeOwnUnevaluated: false, evaluated, known);
        return evaluated;
    }

    private static void CollectObject(SchemaNode node, ReadOnlySpan<byte> value, List<JsonMember> members, int maxDepth, bool includeOwnUnevaluated, bool[] evaluated, BranchVerdicts known = default)
    {
        CompoundKeywords? c = node.Compound;
        for (int i = 0; i < members.Count; i++)
        {
            bool listed = node.Properties is { } table && table.Find(members[i].Utf8Name, 0) is int index and >= 0 && table.Nodes[index] is not null;
            bool patterned = false;
            foreach (PatternProperty pattern in c?.PatternProperties ?? [])
            {
                patterned |= pattern.Matcher.CheckString(members[i].Utf8Name) is null;
            }

            if (listed || patterned || node.AdditionalWritten || (includeOwnUnevaluated && c?.UnevaluatedProperties is not null))
            {
                evaluated[i] = true;
            }
        }

        if (c is null || !c.HasInPlace)
        {
            return;
        }

        foreach (SchemaNode passed in PassedInPlace(node, c, value, maxDepth, members, known))
        {
            CollectObject(passed, value, members, maxDepth, includeOwnUnevaluated: true, evaluated);
        }
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

        foreach (SchemaNode passed in PassedInPlace(node, c, value, maxDepth, null, known))
        {
            CollectArray(passed, value, items, maxDepth, includeOwnUnevaluated: true, evaluated);
        }
    }

    /// <summary>The in-place subschemas whose annotations count: those that apply and passed on this value.</summary>
    private static List<SchemaNode> PassedInPlace(SchemaNode node, CompoundKeywords c, ReadOnlySpan<byte> value, int maxDepth, List<JsonMember>? members, BranchVerdicts known)
    {
        var passed = new List<SchemaNode>();
        if (c.Ref is { } reference && Passes(reference.Target, value, maxDepth))
        {
            passed.Add(reference.Target);
        }

        AddPassing(passed, c.AllOf, null, value, maxDepth);
        AddPassing(passed, c.AnyOf, known.AnyOf, value, maxDepth);
        AddPassing(passed, c.OneOf, known.OneOf, value, maxDepth);

        if (c.If is { } condition)
        {
            if (Passes(condition.Node, value, maxDepth))
            {
                passed.Add(condition.Node);
                if (c.Then is { } then && Passes(then.Node, value, maxDepth))
                {
                    passed.Add(then.Node);
                }
            }
            else if (c.Else is { } otherwise && Passes(otherwise.Node, value, maxDepth))
            {
                passed.Add(otherwise.Node);
            }
        }

        if (c.DependentSchemas is { } dependents && members is not null)
        {
            for (int i = 0; i < dependents.Length; i++)
            {
                string name = c.DependentSchemaNames![i];
                if (members.Exists(m => m.Name == name) && Passes(dependents[i].Node, value, maxDepth))
                {
                    passed.Add(dependents[i].Node);
                }
            }
        }

        return passed;
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
