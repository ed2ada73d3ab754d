using System.Buffers.Binary;
using System.Text.Json;

namespace HybridBatch.Core.Schema;

/// <summary>
/// A byte form of a JSON value under which two values are equal exactly when JSON Schema calls them equal:
/// object members in any order, numbers by mathematical value (<c>1</c> equals <c>1.0</c> and <c>1e0</c>),
/// strings after unescaping. Used by <c>enum</c> and <c>const</c> for objects and arrays; it allocates, so the
/// walker only asks for it when a schema lists a container value.
/// </summary>
internal static class JsonCanonical
{
    /// <summary>Deeper than any <c>--max-depth</c> allows, so the reader never refuses what the walker took.</summary>
    private const int ReaderMaxDepth = JsonDepthLimit.Ceiling + 8;

    /// <summary>The canonical bytes of the one JSON value in <paramref name="json"/>, which is known to be well-formed.</summary>
    public static byte[] Of(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = ReaderMaxDepth });
        reader.Read();
        var output = new List<byte>(json.Length);
        Write(ref reader, output);
        return output.ToArray();
    }

    private static void Write(ref Utf8JsonReader reader, List<byte> output)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteObject(ref reader, output);
                break;
            case JsonTokenType.StartArray:
                output.Add((byte)'[');
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Write(ref reader, output);
                }

                output.Add((byte)']');
                break;
            case JsonTokenType.String:
                WriteString(ref reader, output);
                break;
            case JsonTokenType.Number:
                WriteNumber(reader.ValueSpan, output);
                break;
            case JsonTokenType.True:
                output.Add((byte)'t');
                break;
            case JsonTokenType.False:
                output.Add((byte)'f');
                break;
            default:
                output.Add((byte)'n');
                break;
        }
    }

    private static void WriteObject(ref Utf8JsonReader reader, List<byte> output)
    {
        var members = new List<(byte[] Name, byte[] Value)>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = new List<byte>();
            WriteString(ref reader, name);
            reader.Read();
            var value = new List<byte>();
            Write(ref reader, value);
            members.Add((name.ToArray(), value.ToArray()));
        }

        // Any fixed order makes member order irrelevant; byte order of the canonical names is one.
        members.Sort((a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        output.Add((byte)'{');
        foreach ((byte[] name, byte[] value) in members)
        {
            output.AddRange(name);
            output.AddRange(value);
        }

        output.Add((byte)'}');
    }

    /// <summary>A tag, the length, then the unescaped UTF-8 (length-prefixed, so no content can fake a boundary).</summary>
    private static void WriteString(ref Utf8JsonReader reader, List<byte> output)
    {
        // The reader runs over one span, so a value is never split across segments.
        ReadOnlySpan<byte> raw = reader.ValueSpan;
        byte tag = (byte)'s';
        byte[] text = raw.ToArray();
        if (reader.ValueIsEscaped)
        {
            byte[] unescaped = new byte[raw.Length];
            int length = JsonSyntax.Unescape(raw, unescaped);
            if (length < 0)
            {
                // A lone surrogate has no UTF-8 form: keep the escaped text under its own tag, so it only ever
                // equals the same text.
                tag = (byte)'r';
            }
            else
            {
                text = unescaped[..length];
            }
        }

        Span<byte> prefix = stackalloc byte[5];
        prefix[0] = tag;
        BinaryPrimitives.WriteInt32LittleEndian(prefix[1..], text.Length);
        output.AddRange(prefix);
        output.AddRange(text);
    }

    /// <summary>Sign, significant digits and exponent, so equal values give equal bytes however they are written.</summary>
    private static void WriteNumber(ReadOnlySpan<byte> text, List<byte> output)
    {
        byte[] digits = new byte[text.Length];
        int count = ExactDecimal.Normalize(text, digits, out bool negative, out long exponent);
        if (count < 0)
        {
            // Beyond the comparable range: equal only to the same text.
            output.Add((byte)'x');
            output.AddRange(text);
            output.Add((byte)';');
            return;
        }

        output.Add(negative ? (byte)'-' : (byte)'+');
        output.AddRange(digits.AsSpan(0, count));
        output.Add((byte)'e');
        output.AddRange(System.Text.Encoding.ASCII.GetBytes(exponent.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        output.Add((byte)';');
    }
}
