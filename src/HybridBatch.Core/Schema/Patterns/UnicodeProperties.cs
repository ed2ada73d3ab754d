using System.Globalization;

namespace HybridBatch.Core.Schema;

/// <summary>
/// The <c>\p{…}</c> names ECMA-262 accepts with the <c>u</c> flag: General_Category values (long names, short names and
/// the aliases of PropertyValueAliases.txt, alone or as <c>General_Category=</c>/<c>gc=</c>) from .NET's own Unicode
/// data; <c>Script=</c>/<c>sc=</c>, <c>Script_Extensions=</c>/<c>scx=</c> and the binary properties from the generated
/// <see cref="UnicodeTables"/> (Unicode <see cref="UnicodeTables.Version"/>); <c>Any</c>, <c>ASCII</c> and
/// <c>Assigned</c> from their definitions. Anything else, properties of strings among them, is refused at load.
/// </summary>
internal static class UnicodeProperties
{
    private static readonly Dictionary<string, UnicodeCategory[]> _categories = BuildCategoryNames();

    private static readonly Lazy<CodePointSet[]> _byCategory = new(ScanCategories);

    /// <summary>Sets already built, one instance per name, so each is translated for .NET once per process.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, bool), CodePointSet?> _resolved = new();

    /// <summary>The set for <c>\p{body}</c> (or <c>\P{body}</c>), or null when refused (see <see cref="WhyRefused"/>).</summary>
    public static CodePointSet? Resolve(string body, bool negated) =>
        _resolved.GetOrAdd((body, negated), key => key.Item2 ? Resolve(key.Item1)?.Complement() : Resolve(key.Item1));

    private static CodePointSet? Resolve(string body)
    {
        int equals = body.IndexOf('=');
        if (equals >= 0)
        {
            string key = body[..equals];
            string value = body[(equals + 1)..];
            return key switch
            {
                "General_Category" or "gc" => Category(value),
                "Script" or "sc" => UnicodeTables.Script(value, extensions: false),
                "Script_Extensions" or "scx" => UnicodeTables.Script(value, extensions: true),
                _ => null,
            };
        }

        return Category(body) ?? body switch
        {
            "Any" => CodePointSet.Range(0, CodePointSet.MaxCodePoint),
            "ASCII" => CodePointSet.Range(0, 0x7F),
            "Assigned" => Category("Cn")!.Complement(),
            _ => UnicodeTables.Binary(body),
        };
    }

    public static string WhyRefused(string body)
    {
        int equals = body.IndexOf('=');
        string key = equals >= 0 ? body[..equals] : body;
        if (equals < 0 && _propertiesOfStrings.Contains(body))
        {
            return $"\\p{{{body}}}: a property of strings, valid in ECMA-262 only with the v flag (JSON Schema patterns are read with the u flag)";
        }

        if (equals >= 0 && key is "General_Category" or "gc" or "Script" or "sc" or "Script_Extensions" or "scx")
        {
            return $"\\p{{{body}}}: '{body[(equals + 1)..]}' is not a value of {key} (ECMA-262 names are case-sensitive, e.g. \\p{{Script=Greek}}, \\p{{sc=Grek}})";
        }

        return $"\\p{{{body}}}: unknown Unicode property (ECMA-262 names are case-sensitive, e.g. \\p{{Letter}}, \\p{{Lu}}, \\p{{gc=Nd}}, \\p{{Script=Greek}}, \\p{{Alphabetic}})";
    }

    private static CodePointSet? Category(string name) =>
        _categories.TryGetValue(name, out UnicodeCategory[]? members)
            ? members.Aggregate(CodePointSet.Empty, (set, category) => set.Union(_byCategory.Value[(int)category]))
            : null;

    /// <summary>One pass over every code point (a few milliseconds, once per process, only if a pattern asks).</summary>
    private static CodePointSet[] ScanCategories()
    {
        var ranges = new List<(int, int)>[30];
        for (int i = 0; i < ranges.Length; i++)
        {
            ranges[i] = [];
        }

        int runStart = 0;
        UnicodeCategory run = CharUnicodeInfo.GetUnicodeCategory(0);
        for (int c = 1; c <= CodePointSet.MaxCodePoint + 1; c++)
        {
            UnicodeCategory category = c <= CodePointSet.MaxCodePoint ? CharUnicodeInfo.GetUnicodeCategory(c) : (UnicodeCategory)(-1);
            if (category != run)
            {
                ranges[(int)run].Add((runStart, c - 1));
                (runStart, run) = (c, category);
            }
        }

        return ranges.Select(CodePointSet.FromRanges).ToArray();
    }

    private static Dictionary<string, UnicodeCategory[]> BuildCategoryNames()
    {
        var names = new Dictionary<string, UnicodeCategory[]>(StringComparer.Ordinal);
        void Add(UnicodeCategory[] members, params string[] aliases)
        {
            foreach (string alias in aliases)
            {
                names[alias] = members;
            }
        }

        UnicodeCategory[] cased = [UnicodeCategory.UppercaseLetter, UnicodeCategory.LowercaseLetter, UnicodeCategory.TitlecaseLetter];
        Add(cased, "LC", "Cased_Letter");
        Add([.. cased, UnicodeCategory.ModifierLetter, UnicodeCategory.OtherLetter], "L", "Letter");
        Add([UnicodeCategory.UppercaseLetter], "Lu", "Uppercase_Letter");
        Add([UnicodeCategory.LowercaseLetter], "Ll", "Lowercase_Letter");
        Add([UnicodeCategory.TitlecaseLetter], "Lt", "Titlecase_Letter");
        Add([UnicodeCategory.ModifierLetter], "Lm", "Modifier_Letter");
        Add([UnicodeCategory.OtherLetter], "Lo", "Other_Letter");
        Add([UnicodeCategory.NonSpacingMark, UnicodeCategory.SpacingCombiningMark, UnicodeCategory.EnclosingMark], "M", "Mark", "Combining_Mark");
        Add([UnicodeCategory.NonSpacingMark], "Mn", "Nonspacing_Mark");
        Add([UnicodeCategory.SpacingCombiningMark], "Mc", "Spacing_Mark");
        Add([UnicodeCategory.EnclosingMark], "Me", "Enclosing_Mark");
        Add([UnicodeCategory.DecimalDigitNumber, UnicodeCategory.LetterNumber, UnicodeCategory.OtherNumber], "N", "Number");
        Add([UnicodeCategory.DecimalDigitNumber], "Nd", "Decimal_Number", "digit");
        Add([UnicodeCategory.LetterNumber], "Nl", "Letter_Number");
        Add([UnicodeCategory.OtherNumber], "No", "Other_Number");
        Add([UnicodeCategory.ConnectorPunctuation, UnicodeCategory.DashPunctuation, UnicodeCategory.OpenPunctuation, UnicodeCategory.ClosePunctuation,
            UnicodeCategory.InitialQuotePunctuation, UnicodeCategory.FinalQuotePunctuation, UnicodeCategory.OtherPunctuation], "P", "Punctuation", "punct");
        Add([UnicodeCategory.ConnectorPunctuation], "Pc", "Connector_Punctuation");
        Add([UnicodeCategory.DashPunctuation], "Pd", "Dash_Punctuation");
        Add([UnicodeCategory.OpenPunctuation], "Ps", "Open_Punctuation");
        Add([UnicodeCategory.ClosePunctuation], "Pe", "Close_Punctuation");
        Add([UnicodeCategory.InitialQuotePunctuation], "Pi", "Initial_Punctuation");
        Add([UnicodeCategory.FinalQuotePunctuation], "Pf", "Final_Punctuation");
        Add([UnicodeCategory.OtherPunctuation], "Po", "Other_Punctuation");
        Add([UnicodeCategory.MathSymbol, UnicodeCategory.CurrencySymbol, UnicodeCategory.ModifierSymbol, UnicodeCategory.OtherSymbol], "S", "Symbol");
        Add([UnicodeCategory.MathSymbol], "Sm", "Math_Symbol");
        Add([UnicodeCategory.CurrencySymbol], "Sc", "Currency_Symbol");
        Add([UnicodeCategory.ModifierSymbol], "Sk", "Modifier_Symbol");
        Add([UnicodeCategory.OtherSymbol], "So", "Other_Symbol");
        Add([UnicodeCategory.SpaceSeparator, UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator], "Z", "Separator");
        Add([UnicodeCategory.SpaceSeparator], "Zs", "Space_Separator");
        Add([UnicodeCategory.LineSeparator], "Zl", "Line_Separator");
        Add([UnicodeCategory.ParagraphSeparator], "Zp", "Paragraph_Separator");
        Add([UnicodeCategory.Control, UnicodeCategory.Format, UnicodeCategory.Surrogate, UnicodeCategory.PrivateUse, UnicodeCategory.OtherNotAssigned], "C", "Other");
        Add([UnicodeCategory.Control], "Cc", "Control", "cntrl");
        Add([UnicodeCategory.Format], "Cf", "Format");
        Add([UnicodeCategory.Surrogate], "Cs", "Surrogate");
        Add([UnicodeCategory.PrivateUse], "Co", "Private_Use");
        Add([UnicodeCategory.OtherNotAssigned], "Cn", "Unassigned");
        return names;
    }

    /// <summary>ECMA-262's properties of strings (table-binary-unicode-properties-of-strings): <c>v</c> flag only.</summary>
    private static readonly HashSet<string> _propertiesOfStrings = new(StringComparer.Ordinal)
    {
        "Basic_Emoji", "Emoji_Keycap_Sequence", "RGI_Emoji_Modifier_Sequence", "RGI_Emoji_Flag_Sequence",
        "RGI_Emoji_Tag_Sequence", "RGI_Emoji_ZWJ_Sequence", "RGI_Emoji",
    };
}
