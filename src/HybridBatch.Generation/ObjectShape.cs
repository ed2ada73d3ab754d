using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// What a set of schemas lets one object hold, read off the validator's model: the declared properties merged over
/// the set (<see cref="PropertyEntry"/>), the patterns and schema for further names, the property-count bounds,
/// <c>dependentRequired</c> and <c>propertyNames</c>.
/// </summary>
internal sealed class ObjectShape
{
    private ObjectShape(PropertyEntry[] entries)
    {
        Entries = entries;
    }

    /// <summary>Declared names, in the order the schemas list them.</summary>
    public PropertyEntry[] Entries { get; }

    /// <summary><c>patternProperties</c> entries whose pattern can make further names.</summary>
    public List<PatternProperty> Patterns { get; } = [];

    /// <summary>True when every schema allows names it does not declare (so extra names may be made up).</summary>
    public bool ExtrasAllowed { get; private set; } = true;

    /// <summary>The schemas a made-up name's value must meet (<c>additionalProperties</c>, <c>unevaluatedProperties</c>).</summary>
    public List<SchemaNode> ExtraSchemas { get; } = [];

    public int MinProperties { get; private set; } = -1;

    public int MaxProperties { get; private set; } = -1;

    public List<DependentRequirement> DependentRequired { get; } = [];

    public List<SchemaNode> PropertyNames { get; } = [];

    public static ObjectShape For(IReadOnlyList<SchemaNode> nodes)
    {
        var names = new List<string>();
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (SchemaNode node in nodes)
        {
            if (node.Properties is not { } table)
            {
                continue;
            }

            for (int i = 0; i < table.Count; i++)
            {
                if (!names.Contains(table.Names[i]))
                {
                    names.Add(table.Names[i]);
                }

                if ((table.RequiredMask[i >> 6] & (1UL << (i & 63))) != 0)
                {
                    required.Add(table.Names[i]);
                }
            }
        }

        var entries = new PropertyEntry[names.Count];
        for (int n = 0; n < names.Count; n++)
        {
            var schemas = new List<SchemaNode>();
            bool forbidden = false;
            byte[] utf8 = Encoding.UTF8.GetBytes(names[n]);
            foreach (SchemaNode node in nodes)
            {
                forbidden |= !SchemasFor(node, names[n], utf8, schemas);
            }

            // A false schema for the value forbids the name as surely as additionalProperties: false does.
            forbidden |= schemas.Any(s => s.RejectsAll);
            entries[n] = new PropertyEntry(names[n], [.. schemas], required.Contains(names[n]), forbidden);
        }

        var shape = new ObjectShape(entries);
        foreach (SchemaNode node in nodes)
        {
            shape.Add(node);
        }

        return shape;
    }

    /// <summary>Adds what <paramref name="node"/> says of <paramref name="name"/> to <paramref name="schemas"/>; false when it forbids the name.</summary>
    public static bool SchemasFor(SchemaNode node, string name, byte[] utf8, List<SchemaNode> schemas)
    {
        bool declared = false;
        if (node.Properties is { } table && table.Find(name) is int index and >= 0)
        {
            declared = true;
            if (table.Nodes[index] is { } schema)
            {
                schemas.Add(schema);
            }
        }

        bool patterned = false;
        foreach (PatternProperty pattern in node.Compound?.PatternProperties ?? [])
        {
            if (pattern.Matcher.MatchesPattern(utf8, out _))
            {
                patterned = true;
                schemas.Add(pattern.Schema.Node);
            }
        }

        if (declared || patterned)
        {
            return true;
        }

        if (!node.AdditionalAllowed || node.Compound?.AdditionalBesidePatterns is { RejectsAll: true })
        {
            return false;
        }

        if ((node.AdditionalSchema ?? node.Compound?.AdditionalBesidePatterns) is { } additional)
        {
            schemas.Add(additional);
        }

        return true;
    }

    private void Add(SchemaNode node)
    {
        if (!node.AdditionalAllowed || node.Compound?.AdditionalBesidePatterns is { RejectsAll: true }
            || node.Compound?.UnevaluatedProperties is { Node.RejectsAll: true })
        {
            ExtrasAllowed = false;
        }

        foreach (SchemaNode? additional in new[] { node.AdditionalSchema, node.Compound?.AdditionalBesidePatterns, node.Compound?.UnevaluatedProperties?.Node })
        {
            if (additional is not null && !additional.RejectsAll && !ReferenceEquals(additional, SchemaNode.Any))
            {
                ExtraSchemas.Add(additional);
            }
        }

        if (node.Compound is not { } c)
        {
            return;
        }

        Patterns.AddRange(c.PatternProperties ?? []);
        DependentRequired.AddRange(c.DependentRequired ?? []);
        if (c.PropertyNames is { } propertyNames)
        {
            PropertyNames.Add(propertyNames.Node);
        }

        if (c.MinProperties >= 0)
        {
            MinProperties = Math.Max(MinProperties, c.MinProperties);
        }

        if (c.MaxProperties >= 0)
        {
            MaxProperties = MaxProperties < 0 ? c.MaxProperties : Math.Min(MaxProperties, c.MaxProperties);
        }
    }
}
