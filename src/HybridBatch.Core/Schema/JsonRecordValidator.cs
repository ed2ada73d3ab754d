using System.Text;
using System.Text.Json;

namespace HybridBatch.Core.Schema;

/// <summary>
/// Validates one JSON record in a single forward pass of <see cref="Utf8JsonReader"/>. Valid records allocate
/// nothing: names are matched as UTF-8 bytes, seen properties are a stack bitmask, and strings are only
/// unescaped (into reused buffers) when a check needs their text.
/// </summary>
internal static class JsonRecordValidator
{
    private static readonly ValidationError _emptyRecord = new("", "empty record");

    public static ValidationError? Validate(SchemaNode root, ReadOnlySpan<byte> record, ReadOnlySpan<byte> keyField, out Range keyValue)
    {
        keyValue = default;
        int start = SkipWhitespace(record, 0);
        if (start == record.Length)
        {
            return _emptyRecord;
        }

        var reader = new Utf8JsonReader(record);
        try
        {
            reader.Read();
            ValidationError? error = ValidateValue(ref reader, root, keyField, ref keyValue);
            if (error is not null)
            {
                // Objects left early did not give back their scratch names.
                ValidationScratch.Current.Reset();
                return error;
            }

            // Checked by hand rather than with another Read() so the message can say where the junk starts.
            int end = SkipWhitespace(record, (int)reader.BytesConsumed);
            return end == record.Length ? null : new ValidationError("", $"trailing data after the JSON value at byte {end}");
        }
        catch (JsonException ex)
        {
            ValidationScratch.Current.Reset();
            return new ValidationError("", $"not valid JSON at byte {ex.BytePositionInLine ?? 0}: {ReaderMessage(ex)}");
        }
    }

    private static ValidationError? ValidateValue(ref Utf8JsonReader reader, SchemaNode node, ReadOnlySpan<byte> keyField, ref Range keyValue)
    {
        if (node.RejectsAll)
        {
            return new ValidationError("", "no value is allowed here");
        }

        string? reason;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return node.Allows(JsonTypes.Object)
                    ? ValidateObject(ref reader, node, keyField, ref keyValue)
                    : new ValidationError("", node.TypeMismatch("object"));
            case JsonTokenType.StartArray:
                return node.Allows(JsonTypes.Array)
                    ? ValidateArray(ref reader, node)
                    : new ValidationError("", node.TypeMismatch("array"));
            case JsonTokenType.String:
                if (!node.Allows(JsonTypes.String))
                {
                    return new ValidationError("", node.TypeMismatch("string"));
                }

                reason = node.ChecksStrings ? CheckString(ref reader, node) : null;
                break;
            case JsonTokenType.Number:
                if (!node.NeedsNumberValue)
                {
                    // Any number is fine here: skip parsing it (doubles are not free).
                    return null;
                }

                JsonNumber number = JsonNumber.Read(ref reader);
                if (!node.AllowsNumber(number))
                {
                    return new ValidationError("", node.TypeMismatch(number.IsIntegral ? "integer" : "number"));
                }

                reason = node.CheckNumber(number, reader.ValueSpan);
                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
                if (!node.Allows(JsonTypes.Boolean))
                {
                    return new ValidationError("", node.TypeMismatch("boolean"));
                }

                reason = node.CheckBoolean(reader.TokenType == JsonTokenType.True);
                break;
            default:
                if (!node.Allows(JsonTypes.Null))
                {
                    return new ValidationError("", node.TypeMismatch("null"));
                }

                reason = node.CheckNull();
                break;
        }

        return reason is null ? null : new ValidationError("", reason);
    }

    private static string? CheckString(ref Utf8JsonReader reader, SchemaNode node)
    {
        if (!reader.ValueIsEscaped)
        {
            return node.CheckString(reader.ValueSpan);
        }

        Span<byte> buffer = ValidationScratch.Current.Text(reader.ValueSpan.Length);
        int length = TryUnescape(ref reader, buffer);
        return length < 0 ? "string contains an invalid escape sequence" : node.CheckString(buffer[..length]);
    }

    /// <summary>Unescapes the current string or name into <paramref name="buffer"/>; -1 when it cannot be.</summary>
    private static int TryUnescape(ref Utf8JsonReader reader, Span<byte> buffer)
    {
        try
        {
            return reader.CopyString(buffer);
        }
        catch (InvalidOperationException)
        {
            // The reader accepts \uD800-style lone surrogates syntactically but cannot turn them into text.
            return -1;
        }
    }

    private static ValidationError? ValidateObject(ref Utf8JsonReader reader, SchemaNode node, ReadOnlySpan<byte> keyField, ref Range keyValue)
    {
        PropertyTable? table = node.Properties;
        // A fixed-size stackalloc is cheaper than a variable one; 256 properties cover any realistic record schema.
        int words = table?.WordCount ?? 1;
        Span<ulong> seen = words <= 4 ? stackalloc ulong[4] : new ulong[words];
        ValidationScratch? scratch = null;
        int scratchBase = 0;
        int hint = 0;
        Range ignoredKey = default;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> name = reader.ValueSpan;
            if (reader.ValueIsEscaped)
            {
                scratch ??= StartUnknownNames(out scratchBase);
                Span<byte> unescaped = scratch.NameSpace(name.Length);
                int length = TryUnescape(ref reader, unescaped);
                if (length < 0)
                {
                    return new ValidationError("", "property name contains an invalid escape sequence");
                }

                name = unescaped[..length];
            }

            bool isKey = keyField.Length > 0 && name.SequenceEqual(keyField);
            int index = table is null ? -1 : table.Find(name, hint);
            SchemaNode child;
            string? knownName = null;
            if (index >= 0)
            {
                ref ulong word = ref seen[index >> 6];
                ulong bit = 1UL << (index & 63);
                if ((word & bit) != 0)
                {
                    return new ValidationError("", $"duplicate property '{table!.Names[index]}'");
                }

                word |= bit;
                hint = index + 1;
                knownName = table!.Names[index];
                child = table.Nodes[index] ?? Additional(node);
            }
            else
            {
                if (!node.AdditionalAllowed)
                {
                    return new ValidationError("", $"unexpected property '{Encoding.UTF8.GetString(name)}'");
                }

                scratch ??= StartUnknownNames(out scratchBase);
                if (scratch.Contains(scratchBase, name))
                {
                    return new ValidationError("", $"duplicate property '{Encoding.UTF8.GetString(name)}'");
                }

                scratch.Add(name);
                child = Additional(node);
            }

            reader.Read();
            if (isKey)
            {
                int valueStart = (int)reader.TokenStartIndex;
                keyValue = reader.TokenType == JsonTokenType.String
                    ? new Range(valueStart + 1, valueStart + 1 + reader.ValueSpan.Length)
                    : new Range(valueStart, valueStart + reader.ValueSpan.Length);
            }

            ValidationError? error = ValidateValue(ref reader, child, default, ref ignoredKey);
            if (error is not null)
            {
                return FieldPath.UnderProperty(knownName ?? Encoding.UTF8.GetString(name), error);
            }

            if (isKey && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                // For a container the key is its whole text, which ends where the reader now stands.
                keyValue = new Range(keyValue.Start, (int)reader.BytesConsumed);
            }
        }

        scratch?.Truncate(scratchBase);
        if (table is not null)
        {
            for (int w = 0; w < words; w++)
            {
                if ((seen[w] & table.RequiredMask[w]) != table.RequiredMask[w])
                {
                    return MissingRequired(table, seen);
                }
            }
        }

        return null;
    }

    private static ValidationError? ValidateArray(ref Utf8JsonReader reader, SchemaNode node)
    {
        SchemaNode items = node.Items ?? SchemaNode.Any;
        Range ignoredKey = default;
        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ValidationError? error = ValidateValue(ref reader, items, default, ref ignoredKey);
            if (error is not null)
            {
                return FieldPath.UnderIndex(count, error);
            }

            count++;
        }

        string? reason = node.CheckItemCount(count);
        return reason is null ? null : new ValidationError("", reason);
    }

    private static ValidationScratch StartUnknownNames(out int scratchBase)
    {
        ValidationScratch scratch = ValidationScratch.Current;
        scratchBase = scratch.Count;
        return scratch;
    }

    private static SchemaNode Additional(SchemaNode node) => node.AdditionalSchema ?? SchemaNode.Any;

    private static ValidationError MissingRequired(PropertyTable table, ReadOnlySpan<ulong> seen)
    {
        foreach (int index in table.RequiredOrder)
        {
            if ((seen[index >> 6] & (1UL << (index & 63))) == 0)
            {
                return new ValidationError("", $"missing required property '{table.Names[index]}'");
            }
        }

        throw new InvalidOperationException("required mask and order disagree");
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> data, int index)
    {
        while (index < data.Length && data[index] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            index++;
        }

        return index;
    }

    /// <summary>The reader's message without its "LineNumber: 0 | BytePositionInLine: n." tail, which we already report.</summary>
    private static string ReaderMessage(JsonException ex)
    {
        string message = ex.Message;
        int tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return tail < 0 ? message : message[..tail];
    }
}
