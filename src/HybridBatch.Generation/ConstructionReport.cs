using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// Lists the keywords of a compiled schema that the generator does not satisfy by construction: <c>not</c>,
/// <c>if</c>, <c>unevaluatedProperties</c>/<c>unevaluatedItems</c>, <c>propertyNames</c>, and patterns with
/// lookarounds or word boundaries or beside a <c>format</c>. Records for them are generated, checked by the
/// validator and made again; <c>generate</c> names them in one warning at start.
/// </summary>
internal static class ConstructionReport
{
    public static IReadOnlyList<string> For(SchemaNode root, Func<string, PatternGenerator> patterns)
    {
        var found = new List<string>();
        foreach (SchemaNode node in SchemaNodeChildren.Reachable(root))
        {
            if (node.PatternText is { } pattern && (!patterns(pattern).Exact || node.Format != StringFormat.None))
            {
                found.Add(node.Location + "/pattern");
            }

            if (node.Compound is not { } c)
            {
                continue;
            }

            foreach (SchemaBranch? branch in new[] { c.Not, c.If, c.UnevaluatedProperties, c.UnevaluatedItems, c.PropertyNames })
            {
                if (branch is not null)
                {
                    found.Add(branch.Location);
                }
            }

            foreach (PatternProperty property in c.PatternProperties ?? [])
            {
                if (!patterns(property.Matcher.PatternText!).Exact)
                {
                    found.Add(property.Matcher.Location);
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found.Distinct(StringComparer.Ordinal).ToArray();
    }
}
