namespace HybridBatch.Core.Schema;

/// <summary>
/// The Unicode data .NET does not carry, for ECMA-262's <c>\p{Script=…}</c>, <c>\p{Script_Extensions=…}</c> and binary
/// properties: code point ranges generated from the Unicode Character Database (version <see cref="Version"/>) into
/// UnicodeTables.Generated.cs. Names match exactly, as ECMA-262 asks (no loose matching).
/// </summary>
internal static partial class UnicodeTables
{
    // Built on first use: the alias arrays live in the other part of this class, whose initialisers may run later.
    private static Dictionary<string, int>? _scriptIndex;
    private static Dictionary<string, int>? _binaryIndex;

    private static Dictionary<string, int> ScriptIndex => _scriptIndex ??= IndexAliases(_scriptAliases);

    private static Dictionary<string, int> BinaryIndex => _binaryIndex ??= IndexAliases(_binaryAliases);

    private static int ScriptCount => _scriptAliases.Length;

    /// <summary>Each Script value's names, the long one first (for tests: every value and alias ECMA-262 accepts).</summary>
    public static IReadOnlyList<string[]> ScriptValues => _scriptAliases.Select(a => a.Split(' ')).ToArray();

    /// <summary>Each binary property's names, the canonical one first (Any, ASCII and Assigned are answered by UnicodeProperties).</summary>
    public static IReadOnlyList<string[]> BinaryProperties => _binaryAliases.Select(a => a.Split(' ')).ToArray();

    /// <summary>The code points whose Script (or, with <paramref name="extensions"/>, Script_Extensions) is <paramref name="value"/>; null for an unknown value.</summary>
    public static CodePointSet? Script(string value, bool extensions) =>
        ScriptIndex.TryGetValue(value, out int index) ? Set(extensions ? ScriptCount + index : index) : null;

    /// <summary>The code points with the binary property <paramref name="name"/>; null when it is not one of the table's.</summary>
    public static CodePointSet? Binary(string name) =>
        BinaryIndex.TryGetValue(name, out int index) ? Set(2 * ScriptCount + index) : null;

    private static CodePointSet Set(int index)
    {
        ReadOnlySpan<int> deltas = Deltas[Starts[index]..Starts[index + 1]];
        var ranges = new (int First, int Last)[deltas.Length / 2];
        int previous = -1;
        for (int i = 0; i < ranges.Length; i++)
        {
            int first = previous + 1 + deltas[2 * i];
            previous = first + deltas[2 * i + 1];
            ranges[i] = (first, previous);
        }

        return CodePointSet.FromRanges(ranges);
    }

    private static Dictionary<string, int> IndexAliases(string[] aliasLines)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < aliasLines.Length; i++)
        {
            foreach (string alias in aliasLines[i].Split(' '))
            {
                index[alias] = i;
            }
        }

        return index;
    }
}
