using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// What a set of schemas (<see cref="SchemaSet"/>) lets one value be, read off the validator's model once per set:
/// the types to choose from, the listed values, the string and number constraints. <see cref="Checked"/> says the
/// construction is not exact for this set, so each candidate is validated before it is kept.
/// </summary>
internal sealed class ValueShape
{
    private static readonly JsonTypes[] s_order =
        [JsonTypes.Boolean, JsonTypes.Integer, JsonTypes.Number, JsonTypes.String, JsonTypes.Array, JsonTypes.Object];

    private NumberRange? _numbers;

    private ValueShape(IReadOnlyList<SchemaNode> nodes)
    {
        Nodes = nodes;
    }

    public IReadOnlyList<SchemaNode> Nodes { get; }

    /// <summary>Non-null types to pick from (null is <see cref="NullAllowed"/>).</summary>
    public JsonTypes[] Choices { get; private set; } = [];

    public bool NullAllowed { get; private set; }

    /// <summary>Candidates from <c>const</c> or <c>enum</c> whose type is allowed; null when no schema lists values.</summary>
    public ConstValue[]? Values { get; private set; }

    public int MinLength { get; private set; }

    /// <summary>-1 when unbounded.</summary>
    public int MaxLength { get; private set; } = -1;

    public string? Pattern { get; private set; }

    public StringFormat Format { get; private set; }

    /// <summary>True when a candidate must be validated: applicators, several patterns, a pattern beside a format or length.</summary>
    public bool Checked { get; private set; }

    /// <summary>True when the generator keeps this shape for its schema (no branch chosen), so derived shapes may be kept too.</summary>
    public bool Cached { get; set; }

    public NumberRange Numbers => _numbers ??= NumberRange.For(Nodes);

    public static ValueShape For(IReadOnlyList<SchemaNode> nodes, Func<string, PatternGenerator> patterns)
    {
        var shape = new ValueShape(nodes);
        JsonTypes types = JsonTypes.None;
        bool typed = false;
        int patternCount = 0;
        foreach (SchemaNode node in nodes)
        {
            if (node.Types != JsonTypes.None)
            {
                types = typed ? types & node.Types : node.Types;
                typed = true;
            }

            shape.MinLength = Math.Max(shape.MinLength, node.MinLength);
            if (node.MaxLength >= 0)
            {
                shape.MaxLength = shape.MaxLength < 0 ? node.MaxLength : Math.Min(shape.MaxLength, node.MaxLength);
            }

            if (node.PatternText is not null)
            {
                patternCount++;
                shape.Pattern ??= node.PatternText;
            }

            if (shape.Format == StringFormat.None)
            {
                shape.Format = node.Format;
            }

            if (node.Const is { } constant)
            {
                shape.Values = [constant];
            }
            else if (node.Enum is { } listed && shape.Values is null)
            {
                shape.Values = listed;
            }

            shape.Checked |= node.RejectsAll || node.Compound is not null;
        }

        if (shape.Values is { } values)
        {
            // Only a written type narrows the listed values (with none, any listed value goes).
            JsonTypes written = typed ? types : JsonTypes.None;
            shape.Values = [.. values.Where(v => Allows(written, v))];
        }

        if (!typed)
        {
            types = Inferred(nodes);
        }

        shape.NullAllowed = (types & JsonTypes.Null) != 0;
        shape.Choices = [.. s_order.Where(t => (types & t) != 0)];

        bool lengths = shape.MinLength > 0 || shape.MaxLength >= 0;
        shape.Checked |= nodes.Count > 1 || patternCount > 1 || shape.Values is not null && nodes.Any(HasValueConstraints)
            || (shape.Pattern is not null && (shape.Format != StringFormat.None || lengths || !patterns(shape.Pattern).Exact))
            || (shape.Format != StringFormat.None && lengths);
        return shape;
    }

    /// <summary>Types the keywords imply when no schema says <c>type</c>; with no hint, a few simple ones.</summary>
    private static JsonTypes Inferred(IReadOnlyList<SchemaNode> nodes)
    {
        var hinted = JsonTypes.None;
        foreach (SchemaNode node in nodes)
        {
            CompoundKeywords? c = node.Compound;
            if (node.Properties is not null || c?.PatternProperties is not null || c?.MinProperties >= 0 || c?.DependentRequired is not null)
            {
                hinted |= JsonTypes.Object;
            }

            if (node.Items is not null || node.MinItems >= 0 || node.MaxItems >= 0 || c?.PrefixItems is not null || c?.Contains is not null)
            {
                hinted |= JsonTypes.Array;
            }

            if (node.PatternText is not null || node.MinLength >= 0 || node.MaxLength >= 0 || node.Format != StringFormat.None)
            {
                hinted |= JsonTypes.String;
            }

            if (node.Minimum is not null || node.Maximum is not null || node.ExclusiveMinimum is not null || node.ExclusiveMaximum is not null || c?.MultipleOf is not null)
            {
                hinted |= JsonTypes.Number;
            }
        }

        return hinted != JsonTypes.None ? hinted : JsonTypes.String | JsonTypes.Integer | JsonTypes.Boolean | JsonTypes.Null;
    }

    private static bool HasValueConstraints(SchemaNode node) =>
        ((node.Types & JsonTypes.Integer) != 0 && (node.Types & JsonTypes.Number) == 0) || node.MinLength >= 0 || node.MaxLength >= 0 || node.PatternText is not null || node.Format != StringFormat.None
        || node.Minimum is not null || node.Maximum is not null || node.ExclusiveMinimum is not null || node.ExclusiveMaximum is not null
        || (node.Enum is not null && node.Const is not null);

    private static bool Allows(JsonTypes types, ConstValue value) => types == JsonTypes.None || value.Kind switch
    {
        System.Text.Json.JsonValueKind.String => (types & JsonTypes.String) != 0,
        System.Text.Json.JsonValueKind.Number => (types & (JsonTypes.Number | JsonTypes.Integer)) != 0,
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => (types & JsonTypes.Boolean) != 0,
        System.Text.Json.JsonValueKind.Null => (types & JsonTypes.Null) != 0,
        System.Text.Json.JsonValueKind.Array => (types & JsonTypes.Array) != 0,
        _ => (types & JsonTypes.Object) != 0,
    };
}
