using System.Text;
using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>Arrays: items, prefixItems, item counts, contains with its bounds, uniqueItems.</summary>
internal sealed partial class ValueGenerator
{
    /// <summary>Arrays without a tight maxItems stay small; records are meant to look like exports, not stress tests.</summary>
    private const int ArraySpread = 3;

    /// <summary>Tries at an item equal to none before it (uniqueItems) before the array ends there.</summary>
    private const int UniqueAttempts = 8;

    private void WriteArray(IReadOnlyList<SchemaNode> set, OutputBuffer output, ref SplitMix64 random, int depth)
    {
        int minItems = 0;
        int maxItems = -1;
        int prefix = 0;
        int contained = 0;
        bool unique = false;
        foreach (SchemaNode node in set)
        {
            minItems = Math.Max(minItems, node.MinItems);
            maxItems = node.MaxItems < 0 ? maxItems : maxItems < 0 ? node.MaxItems : Math.Min(maxItems, node.MaxItems);
            prefix = Math.Max(prefix, node.Compound?.PrefixItems?.Length ?? 0);
            if (node.Compound is { Contains: not null } c)
            {
                contained = Math.Max(contained, c.MinContains);
            }

            unique |= node.Compound?.UniqueItems == true;
        }

        int low = Math.Max(minItems, contained);
        int high = depth >= SoftDepth ? low : Math.Max(low, Math.Min(maxItems < 0 ? int.MaxValue : maxItems, Math.Max(low, prefix) + ArraySpread));
        int count = (int)random.NextInclusive(low, high);
        int containsStart = Math.Max(0, Math.Min(prefix, count - contained));
        HashSet<string>? seen = unique ? new HashSet<string>(StringComparer.Ordinal) : null;

        output.WriteByte((byte)'[');
        for (int i = 0; i < count; i++)
        {
            int before = output.Position;
            if (i > 0)
            {
                output.WriteByte((byte)',');
            }

            int start = output.Position;
            List<SchemaNode> schemas = ItemSchemas(set, i, i >= containsStart && i < containsStart + contained);
            bool fresh = true;
            for (int attempt = 0; attempt < UniqueAttempts; attempt++)
            {
                output.Truncate(start);
                WriteJson(schemas.Count == 0 ? Single(SchemaNode.Any) : schemas, output, ref random, depth + 1);
                fresh = seen is null || seen.Add(Encoding.Latin1.GetString(JsonCanonical.Of(output.Slice(start))));
                if (fresh)
                {
                    break;
                }
            }

            if (!fresh)
            {
                // No new value found: end the array here (too short an array fails its check, which says so).
                output.Truncate(before);
                break;
            }
        }

        output.WriteByte((byte)']');
    }

    /// <summary>The schemas item <paramref name="index"/> must meet: its prefixItems entry or items, contains where it is aimed at.</summary>
    private static List<SchemaNode> ItemSchemas(IReadOnlyList<SchemaNode> set, int index, bool aimContains)
    {
        var schemas = new List<SchemaNode>(2);
        foreach (SchemaNode node in set)
        {
            SchemaNode[]? prefix = node.Compound?.PrefixItems;
            if (prefix is not null && index < prefix.Length)
            {
                schemas.Add(prefix[index]);
            }
            else if (node.Items is not null)
            {
                schemas.Add(node.Items);
            }
            else if (node.Compound?.UnevaluatedItems is { } unevaluated && !unevaluated.Node.RejectsAll)
            {
                schemas.Add(unevaluated.Node);
            }

            if (aimContains && node.Compound?.Contains is { } contains)
            {
                schemas.Add(contains.Node);
            }
        }

        return schemas;
    }
}
