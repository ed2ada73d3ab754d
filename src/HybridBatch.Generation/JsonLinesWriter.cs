using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>Writes one compact JSON value per line, <c>\n</c>-terminated, straight into UTF-8.</summary>
internal sealed class JsonLinesWriter : RecordWriter
{
    private readonly SchemaNode[] _root;
    private readonly PropertyEntry[] _properties;

    public JsonLinesWriter(SchemaNode root, ValueGenerator values)
        : base(values)
    {
        _root = [root];
        // The root's own properties and required (with its $ref and allOf) apply to every record: corruptions aim there.
        _properties = ObjectShape.For(SchemaSet.Fixed(root)).Entries;
        Plan = CorruptionPlanner.ForJsonLines(_properties);
    }

    public override CorruptionPlan Plan { get; }

    public override void WriteRecord(OutputBuffer output, ref SplitMix64 values, Corruption? corruption, ref SplitMix64 chooser)
    {
        Values.BeginRecord();
        var start = output.Position;
        RootCorruption? broken = corruption is { Property: >= 0 } c ? new RootCorruption(c.Kind, _properties[c.Property].Name, c.Replacement) : null;
        Values.WriteJson(_root, output, ref values, depth: 0, broken);
        var length = output.Position - start;
        if (corruption is { Kind: CorruptionKind.Truncated } && length >= 2)
        {
            // A proper prefix of an object, array or string lacks its closing character, so the line is not JSON
            // (a prefix of a number may be one: the record check catches that and the record is made again).
            output.Truncate(start + (int)chooser.NextInclusive(1, length - 1));
        }

        output.WriteByte((byte)'\n');
    }
}
