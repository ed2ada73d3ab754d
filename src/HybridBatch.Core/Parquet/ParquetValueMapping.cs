using HybridBatch.Core.Json;
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Parquet.Meta;
using PhysicalType = Parquet.Meta.Type;

namespace HybridBatch.Core.Parquet;

/// <summary>
/// THE table from Parquet types to JSON (docs/formats.md, "Parquet input", lists the same rows): each primitive value is
/// written from its physical value and its logical (or legacy converted) annotation, so nothing passes through a
/// lossy .NET type. A value JSON has no form for (NaN, an infinity, text that is not UTF-8, a date beyond year
/// 9999) is written as a bare token that is not JSON, so the row is rejected wherever it is read, and its reason
/// is returned for the split's rejects.
/// </summary>
internal static class ParquetValueMapping
{
    private static readonly byte[] NaNToken = "NaN"u8.ToArray();
    private static readonly byte[] InfinityToken = "Infinity"u8.ToArray();
    private static readonly byte[] NegativeInfinityToken = "-Infinity"u8.ToArray();
    private static readonly byte[] UnmappableToken = "unmappable"u8.ToArray();

    /// <summary>Refuses, at the footer, a leaf whose annotation the table has no row for.</summary>
    public static void EnsureSupported(ParquetNode leaf)
    {
        SchemaElement e = leaf.Element;
        if (e.Type == PhysicalType.FIXED_LEN_BYTE_ARRAY && (e.TypeLength ?? 0) <= 0)
        {
            throw new ParquetLayoutException($"column '{leaf.Path}' is FIXED_LEN_BYTE_ARRAY without a length");
        }

        if (e.LogicalType?.DECIMAL is not null || e.ConvertedType == ConvertedType.DECIMAL)
        {
            if (e.Type is not (PhysicalType.INT32 or PhysicalType.INT64 or PhysicalType.BYTE_ARRAY or PhysicalType.FIXED_LEN_BYTE_ARRAY))
            {
                throw new ParquetLayoutException($"column '{leaf.Path}' is a DECIMAL stored as {e.Type}, which Parquet does not allow");
            }
        }
    }

    /// <summary>The JSON types a column can produce for a row, null included when it can be missing.</summary>
    public static Schema.JsonTypes TypesOf(ParquetNode node)
    {
        Schema.JsonTypes nullable = node.IsOptional ? Schema.JsonTypes.Null : Schema.JsonTypes.None;
        if (node.IsRepeated)
        {
            return Schema.JsonTypes.Array;
        }

        return nullable | node.Shape switch
        {
            ParquetShape.Object or ParquetShape.Map => Schema.JsonTypes.Object,
            ParquetShape.List => Schema.JsonTypes.Array,
            _ => ValueTypes(node.Element),
        };
    }

    private static Schema.JsonTypes ValueTypes(SchemaElement e)
    {
        if (IsDecimal(e))
        {
            return e.Scale is null or 0 ? Schema.JsonTypes.Integer : Schema.JsonTypes.Number | Schema.JsonTypes.Integer;
        }

        return e.Type switch
        {
            PhysicalType.BOOLEAN => Schema.JsonTypes.Boolean,
            PhysicalType.INT32 when IsDate(e) || TimeUnitOf(e) is not null => Schema.JsonTypes.String,
            PhysicalType.INT64 when TimestampUnitOf(e) is not null || TimeUnitOf(e) is not null => Schema.JsonTypes.String,
            PhysicalType.INT32 or PhysicalType.INT64 => Schema.JsonTypes.Integer,
            // A float that holds a whole number is an integer to JSON Schema.
            PhysicalType.FLOAT or PhysicalType.DOUBLE => Schema.JsonTypes.Number | Schema.JsonTypes.Integer,
            PhysicalType.FIXED_LEN_BYTE_ARRAY when e.LogicalType?.FLOAT16 is not null => Schema.JsonTypes.Number | Schema.JsonTypes.Integer,
            _ => Schema.JsonTypes.String,
        };
    }

    /// <summary>Writes the defined value at <paramref name="index"/>; returns why JSON cannot hold it, or null.</summary>
    public static string? Write(Utf8JsonWriter writer, ParquetNode leaf, Array values, int index)
    {
        SchemaElement e = leaf.Element;
        switch (e.Type)
        {
            case PhysicalType.BOOLEAN:
                writer.WriteBooleanValue(((bool[])values)[index]);
                return null;
            case PhysicalType.INT32:
                return WriteInt32(writer, leaf, ((int[])values)[index]);
            case PhysicalType.INT64:
                return WriteInt64(writer, leaf, ((long[])values)[index]);
            case PhysicalType.FLOAT:
                float f = ((float[])values)[index];
                return float.IsFinite(f) ? WriteShortest(writer, f) : NonFinite(writer, leaf, f);
            case PhysicalType.DOUBLE:
                double d = ((double[])values)[index];
                return double.IsFinite(d) ? WriteShortest(writer, d) : NonFinite(writer, leaf, d);
            default:
                return WriteBytes(writer, leaf, ((ReadOnlyMemory<byte>[])values)[index].Span);
        }
    }

    /// <summary>A map key as the property name: text as it is, any other value as its JSON text.</summary>
    public static string? WriteKey(Utf8JsonWriter writer, ParquetNode leaf, Array values, int index, ArrayBufferWriter<byte> scratch)
    {
        if (leaf.Element.Type == PhysicalType.BYTE_ARRAY && IsText(leaf.Element))
        {
            ReadOnlySpan<byte> text = ((ReadOnlyMemory<byte>[])values)[index].Span;
            if (Utf8.IsValid(text))
            {
                writer.WritePropertyName(text);
                return null;
            }

            writer.WritePropertyName("unmappable"u8);
            return $"column '{leaf.Path}': a map key is not valid UTF-8";
        }

        scratch.ResetWrittenCount();
        using var keyWriter = new Utf8JsonWriter(scratch, MinimalJsonEncoder.WriterOptions);
        string? problem = Write(keyWriter, leaf, values, index);
        keyWriter.Flush();
        ReadOnlySpan<byte> json = scratch.WrittenSpan;
        if (json.Length >= 2 && json[0] == (byte)'"')
        {
            // A string value (a date, a UUID, base64): its text unquoted; these carry no escapes.
            json = json[1..^1];
        }

        writer.WritePropertyName(json);
        return problem;
    }

    private static string? WriteInt32(Utf8JsonWriter writer, ParquetNode leaf, int value)
    {
        SchemaElement e = leaf.Element;
        if (IsDecimal(e))
        {
            return WriteDecimal(writer, new BigInteger(value), e.Scale ?? 0);
        }

        if (IsDate(e))
        {
            // Days since 1970-01-01.
            long day = 719_162L + value;
            if (day < 0 || day > DateOnly.MaxValue.DayNumber)
            {
                return Unmappable(writer, $"column '{leaf.Path}': date {value} days from 1970-01-01 is outside years 1-9999");
            }

            return WriteString(writer, DateOnly.FromDayNumber((int)day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (TimeUnitOf(e) is TimeUnitKind unit)
        {
            return WriteTime(writer, leaf, value, unit);
        }

        if (IsUnsigned(e))
        {
            writer.WriteNumberValue((uint)value);
            return null;
        }

        writer.WriteNumberValue(value);
        return null;
    }

    private static string? WriteInt64(Utf8JsonWriter writer, ParquetNode leaf, long value)
    {
        SchemaElement e = leaf.Element;
        if (IsDecimal(e))
        {
            return WriteDecimal(writer, new BigInteger(value), e.Scale ?? 0);
        }

        if (TimestampUnitOf(e) is TimeUnitKind unit)
        {
            return WriteTimestamp(writer, leaf, value, unit, IsAdjustedToUtc(e));
        }

        if (TimeUnitOf(e) is TimeUnitKind timeUnit)
        {
            return WriteTime(writer, leaf, value, timeUnit);
        }

        if (IsUnsigned(e))
        {
            writer.WriteNumberValue((ulong)value);
            return null;
        }

        writer.WriteNumberValue(value);
        return null;
    }

    private static string? WriteBytes(Utf8JsonWriter writer, ParquetNode leaf, ReadOnlySpan<byte> bytes)
    {
        SchemaElement e = leaf.Element;
        if (IsDecimal(e))
        {
            return WriteDecimal(writer, new BigInteger(bytes, isUnsigned: false, isBigEndian: true), e.Scale ?? 0);
        }

        if (e.LogicalType?.UUID is not null && bytes.Length == 16)
        {
            // RFC 9562 text: the 16 bytes in order, lower-case hex, grouped 8-4-4-4-12.
            Span<char> text = stackalloc char[36];
            int at = 0;
            for (int i = 0; i < 16; i++)
            {
                if (i is 4 or 6 or 8 or 10)
                {
                    text[at++] = '-';
                }

                text[at++] = "0123456789abcdef"[bytes[i] >> 4];
                text[at++] = "0123456789abcdef"[bytes[i] & 15];
            }

            writer.WriteStringValue(text);
            return null;
        }

        if (e.LogicalType?.FLOAT16 is not null && bytes.Length == 2)
        {
            Half half = BinaryPrimitives.ReadHalfLittleEndian(bytes);
            return Half.IsFinite(half) ? WriteShortest(writer, half) : NonFinite(writer, leaf, (double)half);
        }

        if (IsText(e))
        {
            if (!Utf8.IsValid(bytes))
            {
                return Unmappable(writer, $"column '{leaf.Path}': text is not valid UTF-8");
            }

            writer.WriteStringValue(bytes);
            return null;
        }

        writer.WriteBase64StringValue(bytes);
        return null;
    }

    private static string? WriteDecimal(Utf8JsonWriter writer, BigInteger unscaled, int scale)
    {
        // Exact: the unscaled digits with the point put in by the scale, trailing zeros kept (1.50 stays 1.50).
        string digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder(digits.Length + 3);
        if (unscaled.Sign < 0)
        {
            text.Append('-');
        }

        if (scale <= 0)
        {
            text.Append(digits);
            text.Append('0', -scale);
        }
        else
        {
            digits = digits.PadLeft(scale + 1, '0');
            text.Append(digits, 0, digits.Length - scale).Append('.').Append(digits, digits.Length - scale, scale);
        }

        return WriteRaw(writer, text.ToString());
    }

    private static string? WriteTimestamp(Utf8JsonWriter writer, ParquetNode leaf, long value, TimeUnitKind unit, bool utc)
    {
        long perSecond = PerSecond(unit);
        long seconds = Math.DivRem(value, perSecond, out long fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += perSecond;
        }

        if (seconds < -62_135_596_800L || seconds > 253_402_300_799L)
        {
            return Unmappable(writer, $"column '{leaf.Path}': timestamp {value} ({unit} since 1970) is outside years 1-9999");
        }

        DateTime at = DateTime.UnixEpoch.AddSeconds(seconds);
        string text = at.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            + "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(Digits(unit), '0') + (utc ? "Z" : "");
        return WriteString(writer, text);
    }

    private static string? WriteTime(Utf8JsonWriter writer, ParquetNode leaf, long value, TimeUnitKind unit)
    {
        long perSecond = PerSecond(unit);
        if (value < 0 || value >= 86_400 * perSecond)
        {
            return Unmappable(writer, $"column '{leaf.Path}': time {value} ({unit} since midnight) is not within a day");
        }

        long seconds = Math.DivRem(value, perSecond, out long fraction);
        string text = string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:D2}:{seconds / 60 % 60:D2}:{seconds % 60:D2}")
            + "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(Digits(unit), '0') + (IsAdjustedToUtc(leaf.Element) ? "Z" : "");
        return WriteString(writer, text);
    }

    private static string? NonFinite(Utf8JsonWriter writer, ParquetNode leaf, double value)
    {
        byte[] token = double.IsNaN(value) ? NaNToken : value > 0 ? InfinityToken : NegativeInfinityToken;
        writer.WriteRawValue(token, skipInputValidation: true);
        return $"column '{leaf.Path}': {System.Text.Encoding.ASCII.GetString(token)} has no JSON value";
    }

    private static string Unmappable(Utf8JsonWriter writer, string reason)
    {
        writer.WriteRawValue(UnmappableToken, skipInputValidation: true);
        return reason;
    }

    private static string? WriteRaw(Utf8JsonWriter writer, string number)
    {
        writer.WriteRawValue(number, skipInputValidation: true);
        return null;
    }

    /// <summary>
    /// A finite float as the shortest text that reads back to it ("R"), formatted straight to UTF-8: the same text as
    /// <c>ToString("R", InvariantCulture)</c> without a string per value (ParquetValueMappingTests compares them).
    /// </summary>
    internal static string? WriteShortest<T>(Utf8JsonWriter writer, T value)
        where T : IUtf8SpanFormattable
    {
        // 32 bytes hold any double's shortest round-trip text ("-1.7976931348623157E+308" is 24).
        Span<byte> text = stackalloc byte[32];
        if (!value.TryFormat(text, out int length, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"the number {value} does not fit in {text.Length} bytes of text");
        }

        writer.WriteRawValue(text[..length], skipInputValidation: true);
        return null;
    }

    private static string? WriteString(Utf8JsonWriter writer, string text)
    {
        writer.WriteStringValue(text);
        return null;
    }

    private static bool IsDecimal(SchemaElement e) => e.LogicalType?.DECIMAL is not null || e.ConvertedType == ConvertedType.DECIMAL;

    private static bool IsDate(SchemaElement e) => e.LogicalType?.DATE is not null || e.ConvertedType == ConvertedType.DATE;

    private static bool IsText(SchemaElement e) =>
        e.LogicalType?.STRING is not null || e.LogicalType?.ENUM is not null || e.LogicalType?.JSON is not null
        || e.ConvertedType is ConvertedType.UTF8 or ConvertedType.ENUM or ConvertedType.JSON;

    private static bool IsUnsigned(SchemaElement e) =>
        e.LogicalType?.INTEGER is { IsSigned: false }
        || e.ConvertedType is ConvertedType.UINT_8 or ConvertedType.UINT_16 or ConvertedType.UINT_32 or ConvertedType.UINT_64;

    private static bool IsAdjustedToUtc(SchemaElement e) =>
        e.LogicalType?.TIMESTAMP?.IsAdjustedToUTC ?? e.LogicalType?.TIME?.IsAdjustedToUTC
        // The legacy annotations are UTC instants by the format's definition.
        ?? e.ConvertedType is ConvertedType.TIMESTAMP_MILLIS or ConvertedType.TIMESTAMP_MICROS;

    private static TimeUnitKind? TimestampUnitOf(SchemaElement e) =>
        e.LogicalType?.TIMESTAMP is { } t ? UnitOf(t.Unit)
        : e.ConvertedType switch
        {
            ConvertedType.TIMESTAMP_MILLIS => TimeUnitKind.Millis,
            ConvertedType.TIMESTAMP_MICROS => TimeUnitKind.Micros,
            _ => null,
        };

    private static TimeUnitKind? TimeUnitOf(SchemaElement e) =>
        e.LogicalType?.TIME is { } t ? UnitOf(t.Unit)
        : e.ConvertedType switch
        {
            ConvertedType.TIME_MILLIS => TimeUnitKind.Millis,
            ConvertedType.TIME_MICROS => TimeUnitKind.Micros,
            _ => null,
        };

    private static TimeUnitKind UnitOf(TimeUnit unit) =>
        unit.NANOS is not null ? TimeUnitKind.Nanos : unit.MICROS is not null ? TimeUnitKind.Micros : TimeUnitKind.Millis;

    private static long PerSecond(TimeUnitKind unit) => unit switch
    {
        TimeUnitKind.Millis => 1_000L,
        TimeUnitKind.Micros => 1_000_000L,
        _ => 1_000_000_000L,
    };

    private static int Digits(TimeUnitKind unit) => unit switch
    {
        TimeUnitKind.Millis => 3,
        TimeUnitKind.Micros => 6,
        _ => 9,
    };

    private enum TimeUnitKind
    {
        Millis,
        Micros,
        Nanos,
    }
}
