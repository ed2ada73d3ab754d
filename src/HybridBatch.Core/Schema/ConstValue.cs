using System.Text.Json;

namespace HybridBatch.Core.Schema;

/// <summary>
/// One value allowed by <c>enum</c> or <c>const</c>, pre-encoded for its kind so matching a scalar needs no
/// allocation: a string as its unescaped UTF-8, a number exactly (<see cref="NumericBound"/>), an object or array
/// as its <see cref="JsonCanonical"/> bytes.
/// </summary>
internal sealed class ConstValue
{
    private ConstValue(JsonValueKind kind, byte[] utf8, NumericBound? number, string rawText)
    {
        Kind = kind;
        Utf8 = utf8;
        Number = number;
        RawText = rawText;
    }

    public JsonValueKind Kind { get; }

    /// <summary>The unescaped UTF-8 of a string, the canonical bytes of an object or array; empty otherwise.</summary>
    public byte[] Utf8 { get; }

    /// <summary>The value of a number; null for other kinds.</summary>
    public NumericBound? Number { get; }

    /// <summary>The value as written in the schema, for messages.</summary>
    public string RawText { get; }

    public bool IsContainer => Kind is JsonValueKind.Object or JsonValueKind.Array;

    public static ConstValue String(string rawText, byte[] utf8) => new(JsonValueKind.String, utf8, null, rawText);

    public static ConstValue FromNumber(NumericBound number) => new(JsonValueKind.Number, [], number, number.Text);

    public static ConstValue Literal(JsonValueKind kind, string rawText) => new(kind, [], null, rawText);

    public static ConstValue Container(JsonValueKind kind, string rawText, byte[] canonical) => new(kind, canonical, null, rawText);

    public bool MatchesString(ReadOnlySpan<byte> utf8) => Kind == JsonValueKind.String && utf8.SequenceEqual(Utf8);

    /// <summary>Numbers compare by value, exactly; one too large to compare equals nothing.</summary>
    public bool MatchesNumber(in JsonNumber number, ReadOnlySpan<byte> text) =>
        Number is not null && number.TryCompare(Number, text, out int order) && order == 0;

    public bool MatchesBoolean(bool value) => Kind == (value ? JsonValueKind.True : JsonValueKind.False);

    public bool MatchesNull() => Kind == JsonValueKind.Null;

    /// <summary>Compares an object or array by its canonical bytes.</summary>
    public bool MatchesContainer(JsonValueKind kind, ReadOnlySpan<byte> canonical) => Kind == kind && canonical.SequenceEqual(Utf8);
}
