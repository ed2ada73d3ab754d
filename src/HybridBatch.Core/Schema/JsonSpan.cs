using System.Text;
using System.Text.Json;

namespace HybridBatch.Core.Schema;

/// <summary>One member of an object span: where its quoted name and its value stand, and the name unescaped.</summary>
internal readonly record struct JsonMember(Range NameToken, byte[] Utf8Name, Range Value)
{
    public string Name => Encoding.UTF8.GetString(Utf8Name);
}

/// <summary>
/// Lists the members or items of one object or array whose bytes the walk has already checked, for the
/// keywords that look at a value again (applicators, <c>uniqueItems</c>, <c>unevaluated*</c>). Only schemas with
/// such keywords pay for these lists.
/// </summary>
internal static class JsonSpan
{
    /// <summary>Deeper than any <c>--max-depth</c> allows, so the reader never refuses what the walker took.</summary>
    private const int ReaderMaxDepth = JsonDepthLimit.Ceiling + 8;

    public static List<JsonMember> Members(ReadOnlySpan<byte> json)
    {
        var members = new List<JsonMember>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = ReaderMaxDepth });
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int nameStart = (int)reader.TokenStartIndex;
            byte[] name = Unescaped(reader.ValueSpan, reader.ValueIsEscaped);
            int nameEnd = nameStart + reader.ValueSpan.Length + 2;
            reader.Read();
            int valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            members.Add(new JsonMember(new Range(nameStart, nameEnd), name, new Range(valueStart, (int)reader.BytesConsumed)));
        }

        return members;
    }

    public static List<Range> Items(ReadOnlySpan<byte> json)
    {
        var items = new List<Range>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = ReaderMaxDepth });
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            items.Add(new Range(start, (int)reader.BytesConsumed));
        }

        return items;
    }

    private static byte[] Unescaped(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!escaped)
        {
            return raw.ToArray();
        }

        byte[] buffer = new byte[raw.Length];
        int length = JsonSyntax.Unescape(raw, buffer);

        // A lone surrogate has no UTF-8 form; its escaped text stands for it (the walk matched names the same way).
        return length < 0 ? raw.ToArray() : buffer[..length];
    }
}
