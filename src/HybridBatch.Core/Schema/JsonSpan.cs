using System.Buffers;
using System.Text;

namespace HybridBatch.Core.Schema;

/// <summary>
/// One member of an object span: where its quoted name and its value stand. <see cref="Unescaped"/> holds the
/// name's text only when the record wrote it with escapes; a plain name is read from the span itself, so
/// listing members allocates nothing for the names records usually have.
/// </summary>
internal readonly record struct JsonMember(Range NameToken, Range Value, byte[]? Unescaped)
{
    /// <summary>The name's unescaped UTF-8 (a lone surrogate stays as its escaped text, as the walk matched it).</summary>
    public ReadOnlySpan<byte> Utf8Name(ReadOnlySpan<byte> json) =>
        Unescaped ?? json[(NameToken.Start.Value + 1)..(NameToken.End.Value - 1)];

    public string Name(ReadOnlySpan<byte> json) => Encoding.UTF8.GetString(Utf8Name(json));
}

/// <summary>
/// Lists the members or items of one object or array whose bytes the walk has already checked, for the
/// keywords that look at a value again (applicators, <c>uniqueItems</c>, <c>unevaluated*</c>). Only schemas with
/// such keywords pay for these lists. Because the text is known to be well-formed JSON, the lister only finds
/// where tokens end (quotes and brackets) instead of parsing again; JsonSpanTests compare it with
/// <see cref="System.Text.Json.Utf8JsonReader"/> on seeded random values.
/// </summary>
internal static class JsonSpan
{
    private static readonly SearchValues<byte> _stringStops = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> _containerStops = SearchValues.Create("\"[]{}"u8);
    private static readonly SearchValues<byte> _scalarEnds = SearchValues.Create(",]} \t\r\n"u8);

    /// <summary>Fills <paramref name="members"/> (cleared first) with the members of the object <paramref name="json"/>.</summary>
    public static void Members(ReadOnlySpan<byte> json, List<JsonMember> members)
    {
        members.Clear();
        int pos = JsonSyntax.SkipWhitespace(json, 1);
        while (pos < json.Length && json[pos] == (byte)'"')
        {
            int nameStart = pos;
            int nameEnd = StringEnd(json, pos, out bool escaped);
            pos = JsonSyntax.SkipWhitespace(json, nameEnd);
            pos = JsonSyntax.SkipWhitespace(json, pos + 1);
            int valueStart = pos;
            pos = ValueEnd(json, pos);
            byte[]? unescaped = escaped ? Unescaped(json[(nameStart + 1)..(nameEnd - 1)]) : null;
            members.Add(new JsonMember(new Range(nameStart, nameEnd), new Range(valueStart, pos), unescaped));
            pos = JsonSyntax.SkipWhitespace(json, pos);
            if (pos < json.Length && json[pos] == (byte)',')
            {
                pos = JsonSyntax.SkipWhitespace(json, pos + 1);
            }
        }
    }

    /// <summary>Fills <paramref name="items"/> (cleared first) with the items of the array <paramref name="json"/>.</summary>
    public static void Items(ReadOnlySpan<byte> json, List<Range> items)
    {
        items.Clear();
        int pos = JsonSyntax.SkipWhitespace(json, 1);
        while (pos < json.Length && json[pos] != (byte)']')
        {
            int start = pos;
            pos = ValueEnd(json, pos);
            items.Add(new Range(start, pos));
            pos = JsonSyntax.SkipWhitespace(json, pos);
            if (pos < json.Length && json[pos] == (byte)',')
            {
                pos = JsonSyntax.SkipWhitespace(json, pos + 1);
            }
        }
    }

    /// <summary>Just past the well-formed value that starts at <paramref name="pos"/>.</summary>
    private static int ValueEnd(ReadOnlySpan<byte> json, int pos)
    {
        switch (json[pos])
        {
            case (byte)'"':
                return StringEnd(json, pos, out _);
            case (byte)'{' or (byte)'[':
                return ContainerEnd(json, pos);
            default:
                int end = json[pos..].IndexOfAny(_scalarEnds);
                return end < 0 ? json.Length : pos + end;
        }
    }

    /// <summary>Just past the closing quote of the string whose opening quote is at <paramref name="pos"/>.</summary>
    private static int StringEnd(ReadOnlySpan<byte> json, int pos, out bool escaped)
    {
        escaped = false;
        int i = pos + 1;
        while (true)
        {
            i += json[i..].IndexOfAny(_stringStops);
            if (json[i] == (byte)'"')
            {
                return i + 1;
            }

            // A backslash: whatever it escapes (a quote too) is skipped; \uXXXX's hex digits hold no quote.
            escaped = true;
            i += 2;
        }
    }

    /// <summary>Just past the bracket that closes the one at <paramref name="pos"/>; strings may hold brackets.</summary>
    private static int ContainerEnd(ReadOnlySpan<byte> json, int pos)
    {
        int depth = 0;
        int i = pos;
        while (true)
        {
            i += json[i..].IndexOfAny(_containerStops);
            switch (json[i])
            {
                case (byte)'"':
                    i = StringEnd(json, i, out _);
                    continue;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                default:
                    if (--depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }

            i++;
        }
    }

    private static byte[] Unescaped(ReadOnlySpan<byte> raw)
    {
        byte[] buffer = new byte[raw.Length];
        int length = JsonSyntax.Unescape(raw, buffer);

        // A lone surrogate has no UTF-8 form; its escaped text stands for it (the walk matched names the same way).
        return length < 0 ? raw.ToArray() : buffer[..length];
    }
}
