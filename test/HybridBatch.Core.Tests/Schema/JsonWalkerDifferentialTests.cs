using System.Text;
using System.Text.Json;
using CsCheck;
using HybridBatch.Core.Schema;
using static HybridBatch.Core.Tests.Schema.SchemaTestKit;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// The hand-written JSON walker against <see cref="JsonDocument"/> (default options, i.e. the same strictness as
/// Utf8JsonReader): on random JSON texts and random byte-level mutations of them, it accepts exactly what the
/// document parser accepts, and on an object schema it reports the same type/required/duplicate outcome as a
/// reference computed from the parsed document. The document parser allows duplicate property names and the
/// validator does not, so the references add that one rule.
/// </summary>
public class JsonWalkerDifferentialTests
{
    private static readonly RecordSchema Any = Compile("{}");

    private static readonly RecordSchema Typed = Compile(
        "{'type':'object','required':['a','b'],'properties':{" +
        "'a':{'type':'integer'},'b':{'type':'string'},'c':{'type':['number','null']}," +
        "'d':{'type':'boolean'},'e':{'type':'array'},'f':{'type':'object'},'é':{'type':'null'}}}");

    /// <summary>The expected type text for each property of <see cref="Typed"/>.</summary>
    private static readonly Dictionary<string, string> TypedProperties = new()
    {
        ["a"] = "integer", ["b"] = "string", ["c"] = "number or null", ["d"] = "boolean",
        ["e"] = "array", ["f"] = "object", ["é"] = "null",
    };

    private const string BadName = "property name contains an invalid escape sequence";

    private static readonly Gen<string> Whitespace = Gen.Frequency(
        (12, Gen.Const("")), (2, Gen.Const(" ")), (1, Gen.Const("\t")), (1, Gen.Const("\r\n")), (1, Gen.Const(" \n  ")),
        (1, Gen.Const("\f")), (1, Gen.Const("\u00a0")));

    private static readonly Gen<string> Number = Gen.Frequency(
        (6, Gen.Select(Gen.Bool, Gen.OneOf(Gen.Const("0"), Gen.Int[1, int.MaxValue].Select(i => i.ToString())),
            Gen.OneOf(Gen.Const(""), Gen.Const(""), Gen.Int[0, 99999].Select(i => "." + i)),
            Gen.OneOf(Gen.Const(""), Gen.Const(""), Gen.Select(Gen.OneOf("e", "E"), Gen.OneOf("", "+", "-"), Gen.Int[0, 400])
                .Select((e, sign, n) => e + sign + n)))
            .Select((negative, whole, fraction, exponent) => (negative ? "-" : "") + whole + fraction + exponent)),
        (2, Gen.OneOf("-0", "0.0", "1.0", "1.5", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890", "1e400", "-1e-400", "0.1e1", "100E-2")),
        (2, Gen.OneOf("01", "-", "1.", ".5", "+1", "1e", "1E+", "-x", "0x10", "1.e5", "--1", "1ee2", "NaN", "Infinity", "-01")));

    private static readonly Gen<string> StringPiece = Gen.Frequency(
        (8, Gen.String[Gen.Char['a', 'z'], 0, 8]),
        (2, Gen.OneOf("é", "日本", "😀", "\u007f", " ", "'")),
        (3, Gen.OneOf("\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00e9", "\\uD83D\\uDE00", "\\u0000")),
        (1, Gen.OneOf("\\uD800", "\\uDC00", "\\uD800\\u0041", "\\x", "\\u12", "\\U0041", "\\uGGGG", "\\", "\\'")),
        (1, Gen.OneOf("\u0001", "\t", "\n", "\u001f", "\0")));

    private static readonly Gen<string> JsonString = StringPiece.Array[0, 4].Select(pieces => "\"" + string.Concat(pieces) + "\"");

    /// <summary>A small pool so duplicates and schema properties come up often; <c>\u0061</c> is <c>a</c> escaped.</summary>
    private static readonly Gen<string> Name = Gen.Frequency(
        (10, Gen.OneOf("\"a\"", "\"b\"", "\"c\"", "\"d\"", "\"e\"", "\"f\"", "\"g\"", "\"é\"")),
        (2, Gen.OneOf("\"\\u0061\"", "\"\\u0062\"", "\"\\u00e9\"", "\"\\u00E9\"", "\"\\\"\"", "\"\"")),
        (1, JsonString));

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, Number), (4, JsonString), (1, Gen.OneOf("true", "false", "null")), (1, Gen.OneOf("tru", "nul", "True", "nulll", "falsey")));

    private static readonly Gen<string> Value = Gen.Recursive<string>((depth, value) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, Array(value)),
            (1, Object(value))));

    /// <summary>Nesting around Utf8JsonReader's limit of 64.</summary>
    private static readonly Gen<string> Deep = Gen.Select(Gen.Int[60, 68], Gen.Bool, Gen.Bool).Select((levels, objects, mixed) =>
    {
        var text = new StringBuilder();
        for (int i = 0; i < levels; i++)
        {
            text.Append(objects && (!mixed || i % 2 == 0) ? "{\"a\":" : "[");
        }

        text.Append('1');
        for (int i = levels - 1; i >= 0; i--)
        {
            text.Append(objects && (!mixed || i % 2 == 0) ? '}' : ']');
        }

        return text.ToString();
    });

    private static readonly Gen<string> Record = Gen.Frequency(
        (8, Gen.Select(Whitespace, Value, Whitespace).Select((before, value, after) => before + value + after)),
        (2, Gen.Select(Value, Gen.OneOf(" x", "}", ",", " 1", "{}", "\u00a0"))
            .Select((value, junk) => value + junk)),
        (1, Deep));

    /// <summary>Mostly-valid objects for the typed schema: its properties, unknown ones, and now and then a duplicate.</summary>
    private static readonly Gen<string> TypedRecord = Gen.Select(Name, Whitespace, Value).Array[0, 7]
        .Select(members => "{" + string.Join(",", members.Select(m => m.Item1 + m.Item2 + ":" + m.Item3)) + "}");

    [Fact]
    public void Accepts_exactly_what_JsonDocument_accepts()
    {
        Mutated(Record).Sample(bytes =>
        {
            bool walkerAccepts = Any.ValidateJson(bytes) is null;
            bool referenceAccepts = DocumentAccepts(bytes) && FirstDuplicate(bytes) is null;
            Assert.True(walkerAccepts == referenceAccepts,
                $"walker {(walkerAccepts ? "accepts" : "rejects")} {Show(bytes)}: {Any.ValidateJson(bytes)}");
        }, iter: 20_000);
    }

    [Fact]
    public void Object_schema_results_match_a_reference_from_JsonDocument()
    {
        Mutated(TypedRecord).Sample(bytes =>
        {
            string? actual = Typed.ValidateJson(bytes)?.ToString();
            if (!DocumentAccepts(bytes))
            {
                // Malformed: rejected, with a syntax message or the schema error that the walk reached first.
                Assert.True(actual is not null, $"walker accepts malformed {Show(bytes)}");
                return;
            }

            using JsonDocument document = JsonDocument.Parse(bytes);
            Assert.True(Reference(document.RootElement) == actual, $"{Show(bytes)}: expected {Reference(document.RootElement)}, got {actual}");
        }, iter: 20_000);
    }

    [Fact]
    public void Key_capture_matches_the_raw_text_of_the_key_value()
    {
        Gen.Select(TypedRecord, Gen.OneOf("a", "b", "c", "e", "f")).Sample((text, key) =>
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            if (!DocumentAccepts(bytes) || Any.ValidateJson(bytes, Encoding.UTF8.GetBytes(key), out Range keyValue) is not null)
            {
                return;
            }

            using JsonDocument document = JsonDocument.Parse(bytes);
            string expected = "";
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals(key))
                {
                    // GetRawText keeps a string's quotes; the key is what is between them, still escaped.
                    string raw = property.Value.GetRawText();
                    expected = property.Value.ValueKind == JsonValueKind.String ? raw[1..^1] : raw;
                }
            }

            Assert.Equal(expected, Encoding.UTF8.GetString(bytes.AsSpan()[keyValue]));
        }, iter: 5_000);
    }

    private static Gen<string> Array(Gen<string> value) =>
        Gen.Select(Gen.Select(Whitespace, value, Whitespace).Array[0, 4], Gen.Frequency((19, Gen.Const("")), (1, Gen.Const(","))))
            .Select((items, trailing) => "[" + string.Join(",", items.Select(i => i.Item1 + i.Item2 + i.Item3)) + trailing + "]");

    private static Gen<string> Object(Gen<string> value) =>
        Gen.Select(Gen.Select(Whitespace, Name, Whitespace, value).Array[0, 4], Gen.Frequency((19, Gen.Const("")), (1, Gen.Const(","))))
            .Select((members, trailing) =>
                "{" + string.Join(",", members.Select(m => m.Item1 + m.Item2 + m.Item3 + ":" + m.Item4)) + trailing + "}");

    /// <summary>The text as UTF-8, half the time with one random byte-level edit; only valid UTF-8 is kept (framing checks it first).</summary>
    private static Gen<byte[]> Mutated(Gen<string> text) =>
        Gen.Select(text, Gen.Int[0, 9], Gen.Int[0, int.MaxValue], Gen.OneOf(
                Gen.Byte, Gen.OneOf("\"\\,:[]{} \t\r\n0-.eE+/*tfnu\u0001\u007f".Select(c => (byte)c).ToArray())))
            .Select((source, operation, where, b) =>
            {
                List<byte> bytes = [.. Encoding.UTF8.GetBytes(source)];
                int at = bytes.Count == 0 ? 0 : where % bytes.Count;
                switch (operation)
                {
                    case 0 when bytes.Count > 0:
                        bytes.RemoveAt(at);
                        break;
                    case 1:
                        bytes.Insert(at, b);
                        break;
                    case 2 when bytes.Count > 0:
                        bytes[at] = b;
                        break;
                    case 3:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                    case 4 when bytes.Count > 1:
                        // Swapping neighbours moves separators and quotes around.
                        int next = at == bytes.Count - 1 ? at - 1 : at + 1;
                        (bytes[at], bytes[next]) = (bytes[next], bytes[at]);
                        break;
                }

                return bytes.ToArray();
            })
            .Where(bytes => System.Text.Unicode.Utf8.IsValid(bytes));

    private static bool DocumentAccepts(byte[] bytes)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// What <see cref="Typed"/> should say about a well-formed record, worked out from the document: members in
    /// order (duplicate name, then type, then duplicates inside the value), then the required ones.
    /// </summary>
    private static string? Reference(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"expected object, got {TypeName(root)}";
        }

        var seen = new HashSet<string>();
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (NameOf(property) is not { } name)
            {
                return BadName;
            }

            if (!seen.Add(name))
            {
                return $"duplicate property '{name}'";
            }

            if (TypedProperties.TryGetValue(name, out string? expected) && !Allows(expected, property.Value))
            {
                return $"{name}: expected {expected}, got {TypeName(property.Value)}";
            }

            if (FirstDuplicate(property.Value) is { } inner)
            {
                string path = Path(name, inner.Path);
                return path.Length == 0 ? inner.Reason : $"{path}: {inner.Reason}"; // as ValidationError.ToString()
            }
        }

        return seen.Contains("a") ? seen.Contains("b") ? null : "missing required property 'b'" : "missing required property 'a'";
    }

    private static (string Path, string Reason)? FirstDuplicate(byte[] bytes)
    {
        using JsonDocument document = JsonDocument.Parse(bytes);
        return FirstDuplicate(document.RootElement);
    }

    /// <summary>The unescaped name, or null when it holds a lone surrogate escape such as <c>\uD800</c>.</summary>
    private static string? NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The first bad property name or repeated property name at any depth, in document order, with its field path.</summary>
    private static (string Path, string Reason)? FirstDuplicate(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>();
            foreach (JsonProperty property in value.EnumerateObject())
            {
                if (NameOf(property) is not { } name)
                {
                    return ("", BadName);
                }

                if (!seen.Add(name))
                {
                    return ("", $"duplicate property '{name}'");
                }

                if (FirstDuplicate(property.Value) is { } inner)
                {
                    return (Path(name, inner.Path), inner.Reason);
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            int index = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (FirstDuplicate(item) is { } inner)
                {
                    return ($"[{index}]" + (inner.Path.Length == 0 || inner.Path[0] == '[' ? "" : ".") + inner.Path, inner.Reason);
                }

                index++;
            }
        }

        return null;
    }

    /// <summary>A field path like <c>f.x</c>, <c>e[0]</c> or just <c>f</c>.</summary>
    private static string Path(string name, string inner) =>
        inner.Length == 0 ? name : inner[0] == '[' ? name + inner : name + "." + inner;

    private static bool Allows(string expected, JsonElement value)
    {
        string actual = TypeName(value);
        return expected.Split(" or ").Any(type => type == actual || (type == "number" && actual == "integer"));
    }

    /// <summary>JSON Schema's type of a value: numbers with no fractional part (1.0 too) are integers.</summary>
    private static string TypeName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => IsIntegralText(value.GetRawText()) ? "integer" : "number",
    };

    /// <summary>
    /// Exactly, on the text (doubles would call 1e309 "not an integer" and 1.0000000000000000001 one): the
    /// fraction's significant digits must all sit left of the decimal point once the exponent is applied.
    /// </summary>
    private static bool IsIntegralText(string text)
    {
        int e = text.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? text : text[..e];
        System.Numerics.BigInteger exponent = e < 0 ? 0 : System.Numerics.BigInteger.Parse(text[(e + 1)..].TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string fraction = dot < 0 ? "" : mantissa[(dot + 1)..].TrimEnd('0');
        string whole = (dot < 0 ? mantissa : mantissa[..dot]).TrimStart('-');
        if ((whole + fraction).All(c => c == '0'))
        {
            return true;
        }

        if (fraction.Length == 0)
        {
            // Trailing zeros of the whole part absorb a negative exponent.
            int zeros = whole.Length - whole.TrimEnd('0').Length;
            return -exponent <= zeros;
        }

        return fraction.Length <= exponent;
    }

    private static string Show(byte[] bytes) => JsonSerializer.Serialize(Encoding.UTF8.GetString(bytes));
}
