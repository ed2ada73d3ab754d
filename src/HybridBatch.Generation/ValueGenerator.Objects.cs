using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>Objects: properties, required, additional and pattern properties, counts, dependencies, property names.</summary>
internal sealed partial class ValueGenerator
{
    /// <summary>Tries at a made-up property name (from a pattern or for additionalProperties) before going without it.</summary>
    private const int NameAttempts = 8;

    private void WriteObject(IReadOnlyList<SchemaNode> set, ValueShape valueShape, OutputBuffer output, ref SplitMix64 random, int depth, RootCorruption? corruption)
    {
        HashSet<string>? forced = null;
        HashSet<string>? excluded = null;
        if (set.Any(n => n.Compound?.DependentSchemas is not null))
        {
            // Decide each dependency first: present with its schema joining the set, or absent.
            var augmented = new List<SchemaNode>(set);
            forced = new HashSet<string>(StringComparer.Ordinal);
            excluded = new HashSet<string>(StringComparer.Ordinal);
            foreach (SchemaNode node in set)
            {
                CompoundKeywords? c = node.Compound;
                for (int i = 0; i < (c?.DependentSchemas?.Length ?? 0); i++)
                {
                    string name = c!.DependentSchemaNames![i];
                    if (depth < SoftDepth && random.NextBool())
                    {
                        forced.Add(name);
                        SchemaSet.Expand(c.DependentSchemas![i].Node, augmented, ref random);
                    }
                    else
                    {
                        excluded.Add(name);
                    }
                }
            }

            set = augmented;
        }

        ObjectShape shape = ObjectShapeOf(set, valueShape, forced is null);
        PropertyEntry[] entries = shape.Entries;
        Span<bool> include = entries.Length <= 128 ? stackalloc bool[entries.Length] : new bool[entries.Length];
        int count = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            PropertyEntry entry = entries[i];
            bool target = corruption is { } broken && broken.Name == entry.Name;
            include[i] = target
                ? corruption!.Value.Kind != CorruptionKind.MissingRequired
                : entry.Required || forced?.Contains(entry.Name) == true
                    || (_includeOptional && random.NextBool() && !entry.Forbidden && depth < SoftDepth && excluded?.Contains(entry.Name) != true);
            count += include[i] ? 1 : 0;
        }

        count = Settle(shape, include, count, corruption);
        List<(byte[] Name, SchemaNode[] Schemas)>? extras = Extras(set, shape, count, depth, ref random);

        output.WriteByte((byte)'{');
        bool first = true;
        for (int i = 0; i < entries.Length; i++)
        {
            if (!include[i])
            {
                continue;
            }

            PropertyEntry entry = entries[i];
            output.Write(first ? entry.JsonName : entry.JsonNameAfterComma);
            first = false;
            if (corruption is { } broken && broken.Name == entry.Name)
            {
                output.Write(broken.Replacement);
                continue;
            }

            WriteJson(entry.Schemas.Length == 0 ? Single(SchemaNode.Any) : entry.Schemas, output, ref random, depth + 1);
        }

        foreach ((byte[] name, SchemaNode[] schemas) in extras ?? [])
        {
            if (!first)
            {
                output.WriteByte((byte)',');
            }

            first = false;
            JsonText.WriteString(name, output);
            output.WriteByte((byte)':');
            WriteJson(schemas.Length == 0 ? Single(SchemaNode.Any) : schemas, output, ref random, depth + 1);
        }

        output.WriteByte((byte)'}');
    }

    private ObjectShape ObjectShapeOf(IReadOnlyList<SchemaNode> set, ValueShape valueShape, bool mayCache)
    {
        if (!mayCache || !valueShape.Cached)
        {
            return ObjectShape.For(set);
        }

        if (!_objectShapes.TryGetValue(new(valueShape), out ObjectShape? shape))
        {
            shape = ObjectShape.For(set);
            _objectShapes[new(valueShape)] = shape;
        }

        return shape;
    }

    /// <summary>Applies dependentRequired, then maxProperties and minProperties over the declared names; returns the count.</summary>
    private static int Settle(ObjectShape shape, Span<bool> include, int count, RootCorruption? corruption)
    {
        PropertyEntry[] entries = shape.Entries;
        for (bool changed = shape.DependentRequired.Count > 0; changed;)
        {
            changed = false;
            foreach (DependentRequirement dependency in shape.DependentRequired)
            {
                int index = Array.FindIndex(entries, e => e.Name == dependency.Name);
                if (index < 0 || !include[index])
                {
                    continue;
                }

                foreach (string name in dependency.Required)
                {
                    int needed = Array.FindIndex(entries, e => e.Name == name);
                    if (needed >= 0 && !include[needed] && corruption?.Name != name)
                    {
                        include[needed] = true;
                        count++;
                        changed = true;
                    }
                }
            }
        }

        for (int i = entries.Length - 1; i >= 0 && shape.MaxProperties >= 0 && count > shape.MaxProperties; i--)
        {
            if (include[i] && !entries[i].Required && corruption?.Name != entries[i].Name)
            {
                include[i] = false;
                count--;
            }
        }

        for (int i = 0; i < entries.Length && count < shape.MinProperties; i++)
        {
            if (!include[i] && !entries[i].Forbidden)
            {
                include[i] = true;
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Names beyond the declared ones: as many as minProperties still needs, and now and then one from a
    /// patternProperties pattern so that keyword is exercised. Each passes propertyNames and no schema forbids it.
    /// </summary>
    private List<(byte[] Name, SchemaNode[] Schemas)>? Extras(IReadOnlyList<SchemaNode> set, ObjectShape shape, int count, int depth, ref SplitMix64 random)
    {
        int wanted = Math.Max(0, shape.MinProperties - count);
        if (shape.Patterns.Count > 0 && _includeOptional && depth < SoftDepth && random.Next(4) == 0
            && (shape.MaxProperties < 0 || count + wanted < shape.MaxProperties))
        {
            wanted++;
        }

        if (wanted == 0)
        {
            return null;
        }

        var extras = new List<(byte[] Name, SchemaNode[] Schemas)>(wanted);
        var names = new HashSet<string>(shape.Entries.Select(e => e.Name), StringComparer.Ordinal);
        for (int k = 0; k < wanted; k++)
        {
            for (int attempt = 0; attempt < NameAttempts; attempt++)
            {
                string? name = ExtraName(shape, k, attempt, ref random);
                if (name is null || names.Contains(name) || !NameAllowed(shape, name))
                {
                    continue;
                }

                var schemas = new List<SchemaNode>();
                byte[] utf8 = Encoding.UTF8.GetBytes(name);
                if (set.All(node => ObjectShape.SchemasFor(node, name, utf8, schemas)))
                {
                    names.Add(name);
                    extras.Add((utf8, [.. schemas]));
                    break;
                }
            }
        }

        return extras;
    }

    private string? ExtraName(ObjectShape shape, int index, int attempt, ref SplitMix64 random)
    {
        bool fromPattern = shape.Patterns.Count > 0 && (!shape.ExtrasAllowed || (index + attempt) % 2 == 0);
        if (fromPattern)
        {
            PatternProperty pattern = shape.Patterns[random.Next(shape.Patterns.Count)];
            var buffer = new ValueBuffer();
            PatternFor(pattern.Matcher.PatternText!).Generate(ref random, buffer, 1, attempt);
            return Encoding.UTF8.GetString(buffer.Written);
        }

        return shape.ExtrasAllowed ? $"extra_{index + 1}_{attempt}" : null;
    }

    private static bool NameAllowed(ObjectShape shape, string name)
    {
        if (shape.PropertyNames.Count == 0)
        {
            return true;
        }

        byte[] json = JsonText.EncodeString(Encoding.UTF8.GetBytes(name));
        return Passes(shape.PropertyNames, json);
    }
}
