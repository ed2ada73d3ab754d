using System.Text.Json;

namespace HybridBatch.Core.Schema;

/// <summary>One scalar allowed by <c>enum</c> or <c>const</c>, pre-encoded so matching needs no allocation.</summary>
internal sealed class ConstValue
{
    public ConstValue(JsonValueKind kind, byte[] utf8, NumericBound number, string rawText)
    {
        Kind = kind;
        Utf8 = utf8;
        Number = number;
        RawText = rawText;
    }

    public JsonValueKind Kind { get; }

    /// <summary>The unescaped UTF-8 bytes of a string value; empty for other kinds.</summary>
    public byte[] Utf8 { get; }

    public NumericBound Number { get; }

    /// <summary>The value as written in the schema, for messages.</summary>
    public string RawText { get; }

    public bool MatchesString(ReadOnlySpan<byte> utf8) => Kind == JsonValueKind.String && utf8.SequenceEqual(Utf8);

    public bool MatchesNumber(in JsonNumber number) => Kind == JsonValueKind.Number && number.NumericallyEquals(Number);

    public bool MatchesBoolean(bool value) => Kind == (value ? JsonValueKind.True : JsonValueKind.False);

    public bool MatchesNull() => Kind == JsonValueKind.Null;
}
