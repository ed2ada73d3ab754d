namespace HybridBatch.Core.Schema;

/// <summary>
/// Refuses at load a cycle of in-place applicators (<c>$ref</c>, <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>,
/// <c>not</c>, <c>if</c>/<c>then</c>/<c>else</c>, <c>dependentSchemas</c>) reachable from the root: such a cycle
/// applies a schema to the same value again without ever stepping into it, so validation would never end.
/// Recursion through <c>properties</c>, <c>items</c> and the like consumes input and is fine (the depth limit bounds it).
/// </summary>
internal static class ReferenceCycles
{
    public static void Check(SchemaNode root, SchemaCompiler compiler)
    {
        var state = new Dictionary<SchemaNode, bool>(ReferenceEqualityComparer.Instance);
        var trail = new List<string>();
        foreach (SchemaNode node in SchemaNodeChildren.Reachable(root))
        {
            Visit(node, state, trail, compiler);
        }
    }

    /// <summary>Depth-first over in-place edges; <paramref name="state"/> is false while on the stack, true when done.</summary>
    private static void Visit(SchemaNode node, Dictionary<SchemaNode, bool> state, List<string> trail, SchemaCompiler compiler)
    {
        if (state.TryGetValue(node, out bool done))
        {
            if (!done)
            {
                throw compiler.Fail(trail[^1], $"reference cycle that never consumes input: {string.Join(" -> ", trail)}");
            }

            return;
        }

        state[node] = false;
        foreach ((SchemaNode child, string via) in InPlaceChildren(node))
        {
            trail.Add(via);
            Visit(child, state, trail, compiler);
            trail.RemoveAt(trail.Count - 1);
        }

        state[node] = true;
    }

    private static IEnumerable<(SchemaNode Child, string Via)> InPlaceChildren(SchemaNode node)
    {
        if (node.Compound is not { } c)
        {
            yield break;
        }

        if (c.Ref is { } reference)
        {
            yield return (reference.Target, reference.Location);
        }

        foreach (SchemaBranch branch in (c.AllOf ?? []).Concat(c.AnyOf ?? []).Concat(c.OneOf ?? []).Concat(c.DependentSchemas ?? []))
        {
            yield return (branch.Node, branch.Location);
        }

        foreach (SchemaBranch? branch in new[] { c.Not, c.If, c.Then, c.Else })
        {
            if (branch is not null)
            {
                yield return (branch.Node, branch.Location);
            }
        }
    }
}
