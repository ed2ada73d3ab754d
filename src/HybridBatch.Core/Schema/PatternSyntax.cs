using System.Text;

namespace HybridBatch.Core.Schema;

/// <summary>
/// Adjusts a JSON Schema (ECMA-262) pattern for .NET's regex engine where the two disagree on common input:
/// ECMA <c>$</c> (without multiline) matches only at the very end, but .NET's also matches before a final
/// newline; ECMA <c>\d</c> is ASCII, .NET's any Unicode digit.
/// </summary>
internal static class PatternSyntax
{
    public static string ToDotNet(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 8);
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                char next = pattern[++i];
                result.Append(!inClass && next == 'd' ? "[0-9]" : !inClass && next == 'D' ? "[^0-9]" : $"\\{next}");
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
                result.Append(c);

                // A ']' right after '[' or '[^' is a literal in .NET, not the end of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    result.Append(pattern[++i]);
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    result.Append(pattern[++i]);
                }

                continue;
            }
            else if (c == '$')
            {
                result.Append("\\z");
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
