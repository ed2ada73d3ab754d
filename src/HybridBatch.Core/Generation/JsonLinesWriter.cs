namespace HybridBatch.Core.Generation;

/// <summary>Writes one compact JSON object per line, <c>\n</c>-terminated, straight into UTF-8.</summary>
internal sealed class JsonLinesWriter : RecordWriter
{
    /// <summary>Arrays without a tight maxItems stay small; records are meant to look like exports, not stress tests.</summary>
    private const int ArraySpread = 3;

    private readonly SchemaNode _root;

    public JsonLinesWriter(SchemaNode root, bool includeOptional)
        : base(includeOptional)
    {
        _root = root;
        Plan = CorruptionPlanner.ForJsonLines(root.Properties);
    }

    public override CorruptionPlan Plan { get; }

    public override void WriteRecord(OutputBuffer output, ref SplitMix64 values, Corruption? corruption, ref SplitMix64 chooser)
    {
        var start = output.Position;
        WriteObject(_root, output, ref values, corruption);
        if (corruption is { Kind: CorruptionKind.Truncated })
        {
            // Any proper prefix of an object lacks its closing brace, so the line can never parse.
            var length = output.Position - start;
            output.Truncate(start + (int)chooser.NextInclusive(1, length - 1));
        }

        output.WriteByte((byte)'\n');
    }

    private void WriteObject(SchemaNode node, OutputBuffer output, ref SplitMix64 values, Corruption? corruption)
    {
        var target = corruption?.Property ?? -1;
        output.WriteByte((byte)'{');
        var first = true;
        var properties = node.Properties;
        for (var i = 0; i < properties.Length; i++)
        {
            var property = properties[i];
            var include = property.Required || (IncludeOptional && values.NextBool());
            if (i == target)
            {
                if (corruption!.Value.Kind == CorruptionKind.MissingRequired)
                {
                    continue;
                }

                output.Write(first ? property.JsonName : property.JsonNameAfterComma);
                output.Write(corruption.Value.Replacement);
                first = false;
                continue;
            }

            if (!include)
            {
                continue;
            }

            output.Write(first ? property.JsonName : property.JsonNameAfterComma);
            WriteValue(property.Schema, output, ref values);
            first = false;
        }

        output.WriteByte((byte)'}');
    }

    private void WriteValue(SchemaNode node, OutputBuffer output, ref SplitMix64 values)
    {
        if (node.Enum is { } allowed)
        {
            output.Write(PickValue(allowed, ref values).Json);
            return;
        }

        var kind = PickKind(node.Choices, node.Has(JsonKinds.Null), ref values);
        switch (kind)
        {
            case JsonKinds.Null:
                output.Write("null"u8);
                break;
            case JsonKinds.Array:
                WriteArray(node, output, ref values);
                break;
            case JsonKinds.Object:
                WriteObject(node, output, ref values, corruption: null);
                break;
            case JsonKinds.String:
                Scratch.Clear();
                ValueGenerator.WriteScalar(node, kind, ref values, Scratch);
                JsonText.WriteString(Scratch.Written, output);
                break;
            default:
                Scratch.Clear();
                ValueGenerator.WriteScalar(node, kind, ref values, Scratch);
                output.Write(Scratch.Written);
                break;
        }
    }

    private void WriteArray(SchemaNode node, OutputBuffer output, ref SplitMix64 values)
    {
        var max = Math.Min(node.MaxItems ?? int.MaxValue, node.MinItems + ArraySpread);
        var count = (int)values.NextInclusive(node.MinItems, max);
        output.WriteByte((byte)'[');
        for (var k = 0; k < count; k++)
        {
            if (k > 0)
            {
                output.WriteByte((byte)',');
            }

            WriteValue(node.Items!, output, ref values);
        }

        output.WriteByte((byte)']');
    }
}
