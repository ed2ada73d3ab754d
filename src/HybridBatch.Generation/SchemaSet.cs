using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// The schemas of the validator's model one value must satisfy together: a schema, what its <c>$ref</c> points to,
/// its <c>allOf</c> branches, and the branch chosen for each <c>anyOf</c>/<c>oneOf</c> and <c>if</c>/<c>then</c>/<c>else</c>.
/// Generating for the whole set at once is how the applicators merge; what the choice gets wrong (a second
/// <c>oneOf</c> branch that also matches, an <c>if</c> that fails) the check of the value finds, and a new choice is made.
/// </summary>
internal static class SchemaSet
{
    /// <summary>Adds <paramref name="node"/> and the subschemas applying in place to it, choosing branches with <paramref name="random"/>.</summary>
    public static void Expand(SchemaNode node, List<SchemaNode> into, ref SplitMix64 random)
    {
        if (ReferenceEquals(node, SchemaNode.Any) || into.Contains(node))
        {
            return;
        }

        into.Add(node);
        if (node.Compound is not { } compound)
        {
            return;
        }

        if (compound.Ref is { } reference)
        {
            Expand(reference.Target, into, ref random);
        }

        foreach (SchemaBranch branch in compound.AllOf ?? [])
        {
            Expand(branch.Node, into, ref random);
        }

        if (compound.AnyOf is { } anyOf)
        {
            Expand(anyOf[random.Next(anyOf.Length)].Node, into, ref random);
        }

        if (compound.OneOf is { } oneOf)
        {
            Expand(oneOf[random.Next(oneOf.Length)].Node, into, ref random);
        }

        if (compound.If is { } condition)
        {
            // Half the time aim at the condition and its 'then', else at 'else' (the condition failing is left to chance).
            if (compound.Else is null || random.NextBool())
            {
                Expand(condition.Node, into, ref random);
                if (compound.Then is { } then)
                {
                    Expand(then.Node, into, ref random);
                }
            }
            else
            {
                Expand(compound.Else.Node, into, ref random);
            }
        }
    }

    /// <summary>The subschemas that always apply (<c>$ref</c>, <c>allOf</c>), without choices: what a record always has to meet.</summary>
    public static List<SchemaNode> Fixed(SchemaNode node)
    {
        var into = new List<SchemaNode>();
        AddFixed(node, into);
        return into;
    }

    private static void AddFixed(SchemaNode node, List<SchemaNode> into)
    {
        if (ReferenceEquals(node, SchemaNode.Any) || into.Contains(node))
        {
            return;
        }

        into.Add(node);
        if (node.Compound?.Ref is { } reference)
        {
            AddFixed(reference.Target, into);
        }

        foreach (SchemaBranch branch in node.Compound?.AllOf ?? [])
        {
            AddFixed(branch.Node, into);
        }
    }
}
