using System.Text.Json;
using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// Generates JSON values by walking the validator's compiled model (<see cref="RecordSchema"/>'s nodes), keyword by
/// keyword: each value is built for the set of schemas it must meet (<see cref="SchemaSet"/>); where the construction
/// is not exact for that set (<see cref="ValueShape.Checked"/>) the candidate is validated by the same model and made
/// again, within a bounded number of tries per value and per record. Recursion is cut short past a depth: optional
/// properties are left out and arrays take their fewest items.
/// </summary>
/// <remarks>Not thread-safe: scratch buffers and caches are reused.</remarks>
internal sealed partial class ValueGenerator
{
    /// <summary>Candidates tried for one value before the record-level check is left to judge the last.</summary>
    private const int LocalAttempts = 12;

    /// <summary>Validations one record may spend on its values, so nested retries cannot multiply without bound.</summary>
    private const int ChecksPerRecord = 2_000;

    /// <summary>Past this depth optional properties are left out and arrays take their fewest items (recursive $ref).</summary>
    private const int SoftDepth = 4;

    /// <summary>Past this depth a value is cut off as <c>null</c>: a schema that recurses without end fails its check.</summary>
    private const int HardDepth = 24;

    /// <summary>Pattern candidates drawn for one value until one fits minLength/maxLength.</summary>
    private const int PatternLengthDraws = 16;

    /// <summary>Typical plain strings stay short even when maxLength is generous.</summary>
    private const int PlainStringSpread = 20;

    // 32 entries so one 5-bit slice of a random word picks a character; vowels repeat to look word-like.
    private static readonly byte[] s_textChars = "abcdefghijklmnopqrstuvwxyzeaoin "u8.ToArray();

    private readonly bool _includeOptional;
    private readonly Dictionary<ObjectIdentity, ValueShape> _fixedShapes = [];
    private readonly HashSet<ObjectIdentity> _choosing = [];
    private readonly Dictionary<ObjectIdentity, ObjectShape> _objectShapes = [];
    private readonly Dictionary<ObjectIdentity, SchemaNode[]> _singles = [];
    private readonly Dictionary<string, PatternGenerator> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<ObjectIdentity, byte[]> _constJson = [];
    private readonly ValueBuffer _scratch = new();
    private int _checksLeft = ChecksPerRecord;

    public ValueGenerator(bool includeOptional)
    {
        _includeOptional = includeOptional;
    }

    /// <summary>Starts a record's budget of validations.</summary>
    public void BeginRecord() => _checksLeft = ChecksPerRecord;

    /// <summary>The generator for a pattern the validator compiled (parsed once, by the validator's parser).</summary>
    public PatternGenerator PatternFor(string pattern)
    {
        if (!_patterns.TryGetValue(pattern, out PatternGenerator? generator))
        {
            generator = PatternGenerator.Parse(pattern);
            _patterns[pattern] = generator;
        }

        return generator;
    }

    /// <summary>A one-schema set, cached so records do not allocate one per value.</summary>
    public SchemaNode[] Single(SchemaNode node)
    {
        if (!_singles.TryGetValue(new(node), out SchemaNode[]? single))
        {
            single = [node];
            _singles[new(node)] = single;
        }

        return single;
    }

    /// <summary>
    /// Writes one value meeting every schema of <paramref name="roots"/>. <paramref name="corruption"/> (top level only)
    /// breaks one property on purpose; such a value is never retried here, the record check judges it.
    /// </summary>
    public void WriteJson(IReadOnlyList<SchemaNode> roots, OutputBuffer output, ref SplitMix64 random, int depth, RootCorruption? corruption = null)
    {
        int start = output.Position;
        for (int attempt = 0; ; attempt++)
        {
            output.Truncate(start);
            if (depth > HardDepth)
            {
                output.Write("null"u8);
                return;
            }

            (IReadOnlyList<SchemaNode> set, ValueShape shape) = ShapeOf(roots, ref random);
            WriteShaped(set, shape, output, ref random, depth, attempt, corruption);
            if (!shape.Checked || corruption is not null || attempt + 1 >= LocalAttempts || _checksLeft <= 0)
            {
                return;
            }

            _checksLeft--;
            if (Passes(roots, output.Slice(start)))
            {
                return;
            }
        }
    }

    /// <summary>The set and shape for <paramref name="roots"/>: cached when no branch is chosen, else chosen anew.</summary>
    public (IReadOnlyList<SchemaNode> Set, ValueShape Shape) ShapeOf(IReadOnlyList<SchemaNode> roots, ref SplitMix64 random)
    {
        if (roots.Count == 1)
        {
            if (_fixedShapes.TryGetValue(new(roots[0]), out ValueShape? cached))
            {
                return (cached.Nodes, cached);
            }

            if (!_choosing.Contains(new(roots[0])))
            {
                if (IsFixed(roots[0]))
                {
                    cached = ValueShape.For(SchemaSet.Fixed(roots[0]), PatternFor);
                    cached.Cached = true;
                    _fixedShapes[new(roots[0])] = cached;
                    return (cached.Nodes, cached);
                }

                _choosing.Add(new(roots[0]));
            }
        }

        var set = new List<SchemaNode>(roots.Count + 2);
        foreach (SchemaNode root in roots)
        {
            SchemaSet.Expand(root, set, ref random);
        }

        if (set.Count == 0)
        {
            set.Add(SchemaNode.Any);
        }

        return (set, ValueShape.For(set, PatternFor));
    }

    /// <summary>Writes the text of one scalar of <paramref name="kind"/> (strings unescaped) into <paramref name="output"/>.</summary>
    public void WriteScalar(ValueShape shape, JsonTypes kind, ref SplitMix64 random, ValueBuffer output, int attempt)
    {
        switch (kind)
        {
            case JsonTypes.Boolean:
                output.Append(random.NextBool() ? "true"u8 : "false"u8);
                break;
            case JsonTypes.Integer:
                shape.Numbers.WriteInteger(ref random, output);
                break;
            case JsonTypes.Number:
                shape.Numbers.WriteNumber(ref random, output);
                break;
            case JsonTypes.String:
                WriteString(shape, ref random, output, attempt);
                break;
            default:
                throw new InvalidOperationException($"{kind} is not a scalar type.");
        }
    }

    /// <summary>Compact JSON text of an <c>enum</c>/<c>const</c> value (the schema may have written it across lines).</summary>
    public byte[] ConstJson(ConstValue value)
    {
        if (!_constJson.TryGetValue(new(value), out byte[]? json))
        {
            using JsonDocument document = JsonDocument.Parse(value.RawText);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                document.RootElement.WriteTo(writer);
            }

            json = buffer.WrittenSpan.ToArray();
            _constJson[new(value)] = json;
        }

        return json;
    }

    /// <summary>Picks the type of the next value, or null about one time in five when null is allowed.</summary>
    public static JsonTypes PickKind(JsonTypes[] choices, bool nullAllowed, ref SplitMix64 random)
    {
        if (nullAllowed && (choices.Length == 0 || random.Next(5) == 0))
        {
            return JsonTypes.Null;
        }

        if (choices.Length == 0)
        {
            // The schemas allow no type at all; null fails their check, which says why.
            return JsonTypes.Null;
        }

        return choices.Length == 1 ? choices[0] : choices[random.Next(choices.Length)];
    }

    /// <summary>True when every schema of <paramref name="roots"/> accepts <paramref name="json"/>, as the validator judges it.</summary>
    public static bool Passes(IReadOnlyList<SchemaNode> roots, ReadOnlySpan<byte> json)
    {
        foreach (SchemaNode root in roots)
        {
            if (JsonRecordValidator.Validate(root, json, default, out _, JsonDepthLimit.Default) is not null)
            {
                return false;
            }
        }

        return true;
    }

    private void WriteShaped(IReadOnlyList<SchemaNode> set, ValueShape shape, OutputBuffer output, ref SplitMix64 random, int depth, int attempt, RootCorruption? corruption)
    {
        if (shape.Values is { Length: > 0 } values)
        {
            output.Write(ConstJson(values.Length == 1 ? values[0] : values[random.Next(values.Length)]));
            return;
        }

        JsonTypes kind = PickKind(shape.Choices, shape.NullAllowed, ref random);
        switch (kind)
        {
            case JsonTypes.Null:
                output.Write("null"u8);
                break;
            case JsonTypes.Object:
                WriteObject(set, shape, output, ref random, depth, corruption);
                break;
            case JsonTypes.Array:
                WriteArray(set, output, ref random, depth);
                break;
            case JsonTypes.String:
                _scratch.Clear();
                WriteString(shape, ref random, _scratch, attempt);
                JsonText.WriteString(_scratch.Written, output);
                break;
            default:
                _scratch.Clear();
                WriteScalar(shape, kind, ref random, _scratch, attempt);
                output.Write(_scratch.Written);
                break;
        }
    }

    private void WriteString(ValueShape shape, ref SplitMix64 random, ValueBuffer output, int attempt)
    {
        if (shape.Pattern is { } pattern)
        {
            // Lengths are cheap to check here, so candidates outside minLength/maxLength are redrawn before validation.
            PatternGenerator generator = PatternFor(pattern);
            int start = output.Length;
            int longest = shape.MaxLength < 0 ? int.MaxValue : shape.MaxLength;
            for (int draw = 0; draw < PatternLengthDraws; draw++)
            {
                output.Truncate(start);
                generator.Generate(ref random, output, shape.MinLength, attempt + draw);
                int drawn = Utf8.CountCodePoints(output.Written[start..]);
                if (drawn >= shape.MinLength && drawn <= longest)
                {
                    break;
                }
            }

            return;
        }

        if (shape.Format != StringFormat.None)
        {
            FormatValues.Write(shape.Format, ref random, output, shape.MinLength);
            return;
        }

        int max = shape.MaxLength < 0 ? int.MaxValue : shape.MaxLength;
        int length = (int)random.NextInclusive(shape.MinLength, Math.Max(shape.MinLength, Math.Min(max, shape.MinLength + PlainStringSpread)));
        WriteText(ref random, output, length);
    }

    private static void WriteText(ref SplitMix64 random, ValueBuffer output, int length)
    {
        var bits = 0UL;
        var left = 0;
        var previousSpace = true;
        for (var i = 0; i < length; i++)
        {
            if (left == 0)
            {
                bits = random.NextUInt64();
                left = 12;
            }

            var c = s_textChars[(int)(bits & 31)];
            bits >>= 5;
            left--;
            // No leading, trailing or doubled spaces: the text reads like words and never looks blank.
            if (c == ' ' && (previousSpace || i == length - 1))
            {
                c = (byte)'e';
            }

            previousSpace = c == ' ';
            output.AppendByte(c);
        }
    }

    /// <summary>True when no branch is chosen under <paramref name="node"/> in place (only $ref and allOf), so its set can be cached.</summary>
    private static bool IsFixed(SchemaNode node)
    {
        var seen = new HashSet<SchemaNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<SchemaNode>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            SchemaNode current = pending.Pop();
            if (!seen.Add(current) || current.Compound is not { } c)
            {
                continue;
            }

            if (c.AnyOf is not null || c.OneOf is not null || c.If is not null)
            {
                return false;
            }

            if (c.Ref is { } reference)
            {
                pending.Push(reference.Target);
            }

            foreach (SchemaBranch branch in c.AllOf ?? [])
            {
                pending.Push(branch.Node);
            }
        }

        return true;
    }
}
