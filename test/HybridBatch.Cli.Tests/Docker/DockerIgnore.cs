using System.Text;
using System.Text.RegularExpressions;

namespace HybridBatch.Cli.Tests.Docker;

/// <summary>
/// <c>.dockerignore</c> as Docker applies it (moby's patternmatcher): patterns relative to the context root,
/// <c>*</c> and <c>?</c> within one path segment, <c>**</c> across segments, a pattern that matches a folder
/// excludes everything in it, later patterns override earlier ones and <c>!</c> re-includes. Character classes
/// are refused rather than approximated.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules = [];

    public DockerIgnore(string text)
    {
        foreach (string raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            bool exclude = !line.StartsWith('!');
            string pattern = (exclude ? line : line[1..]).Trim().Trim('/');
            if (pattern.StartsWith("./", StringComparison.Ordinal))
            {
                pattern = pattern[2..];
            }

            if (pattern.Contains('[', StringComparison.Ordinal) || pattern.Contains('\\', StringComparison.Ordinal))
            {
                throw new FormatException($".dockerignore: character classes and escapes are not supported here: {line}");
            }

            _rules.Add((new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant), exclude));
        }
    }

    public bool HasExceptions => _rules.Exists(r => !r.Exclude);

    /// <summary>Whether <paramref name="relativePath"/> (with <c>/</c> separators) stays out of the build context.</summary>
    public bool Excludes(string relativePath)
    {
        string path = relativePath.Replace('\\', '/').Trim('/');
        string[] segments = path.Split('/');
        bool excluded = false;
        foreach ((Regex pattern, bool exclude) in _rules)
        {
            // The path itself or any folder above it.
            for (int length = 1; length <= segments.Length; length++)
            {
                if (pattern.IsMatch(string.Join('/', segments, 0, length)))
                {
                    excluded = exclude;
                    break;
                }
            }
        }

        return excluded;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                bool slashAfter = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slashAfter ? "(.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.ToString();
    }
}
