using System.Text;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>
/// Seeded random well-formed JSON for the fast-path tests: nested objects and arrays, strings with every kind of
/// escape (quotes and brackets inside strings too), numbers, literals and whitespace between tokens.
/// </summary>
internal sealed class FastPathJsonGen(Random random)
{
    private static readonly string[] Escapes = ["\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u0041", "\\u00e9", "\\ud83d\\ude00", "\\ud800"];
    private static readonly string[] Plain = ["a", "b", "kind", "x-", "{", "}", "[", "]", ",", ":", " ", "é", "😀", "card"];
    private static readonly string[] Numbers = ["0", "-1", "12.5", "1e3", "-0.25E-2", "123456789012345678901234"];

    public string Whitespace() => random.Next(5) switch
    {
        0 => " ",
        1 => "\t\r\n ",
        _ => "",
    };

    public string String()
    {
        var text = new StringBuilder("\"");
        int length = random.Next(6);
        for (int i = 0; i < length; i++)
        {
            text.Append(random.Next(4) == 0 ? Escapes[random.Next(Escapes.Length)] : Plain[random.Next(Plain.Length)]);
        }

        return text.Append('"').ToString();
    }

    public string Value(int depth) => random.Next(depth > 3 ? 4 : 6) switch
    {
        0 => String(),
        1 => Numbers[random.Next(Numbers.Length)],
        2 => random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" },
        3 => String(),
        4 => Object(depth + 1),
        _ => Array(depth + 1),
    };

    public string Object(int depth)
    {
        var text = new StringBuilder("{").Append(Whitespace());
        int count = random.Next(5);
        for (int i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : "," + Whitespace()).Append(String()).Append(Whitespace()).Append(':').Append(Whitespace())
                .Append(Value(depth)).Append(Whitespace());
        }

        return text.Append('}').ToString();
    }

    public string Array(int depth)
    {
        var text = new StringBuilder("[").Append(Whitespace());
        int count = random.Next(5);
        for (int i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : "," + Whitespace()).Append(Value(depth)).Append(Whitespace());
        }

        return text.Append(']').ToString();
    }
}
