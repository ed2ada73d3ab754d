namespace HybridBatch.Core.Schema;

/// <summary>
/// Every subschema a compiled node holds directly (properties, additional, items, the applicators' branches, the
/// <c>$ref</c> target); null where a keyword is absent. The one list of them for walks over a whole schema: the
/// generator's construction report, the reference-cycle check and the tests that plan each node's fast paths.
/// </summary>
internal static class SchemaNodeChildren
{
    /// <summary>Every node reachable from <paramref name="root"/>, each once (compiled schemas share nodes through <c>$ref</c>).</summary>
    public static IEnumerable<SchemaNode> Reachable(SchemaNode root)
    {
        var seen = new HashSet<SchemaNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<SchemaNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            SchemaNode node = pending.Pop();
            if (!seen.Add(node))
            {
                continue;
            }

            yield return node;
            foreach (SchemaNode? child in Of(node))
            {
                if (child is not null)
                {
                    pending.Push(child);
                }
            }
        }
    }

    public static IEnumerable<SchemaNode?> Of(SchemaNode node)
    {
        foreach (SchemaNode? property in node.Properties?.Nodes ?? [])
        {
            yield return property;
        }

        yield return node.AdditionalSchema;
        yield return node.Items;
        if (node.Compound is not { } c)
        {
            yield break;
        }

        yield return c.Ref?.Target;
        yield return c.AdditionalBesidePatterns;
        foreach (SchemaBranch? branch in new[] { c.Not, c.If, c.Then, c.Else, c.PropertyNames, c.Contains, c.UnevaluatedProperties, c.UnevaluatedItems })
        {
            yield return branch?.Node;
        }

        foreach (SchemaBranch branch in (c.AllOf ?? []).Concat(c.AnyOf ?? []).Concat(c.OneOf ?? []).Concat(c.DependentSchemas ?? []))
        {
            yield return branch.Node;
        }

        foreach (SchemaNode prefix in c.PrefixItems ?? [])
        {
            yield return prefix;
        }

        foreach (PatternProperty property in c.PatternProperties ?? [])
        {
            yield return property.Schema.Node;
        }
    }
}
