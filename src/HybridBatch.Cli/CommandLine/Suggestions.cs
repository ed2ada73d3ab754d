namespace HybridBatch.Cli.CommandLine;

/// <summary>"Did you mean": the declared name nearest to a mistyped one, when it is near enough to be a typo.</summary>
internal static class Suggestions
{
    /// <summary><c>; did you mean --schema?</c>, or empty when no candidate is close.</summary>
    public static string For(string typed, IEnumerable<string> candidates, bool quote = false)
    {
        string? best = Nearest(typed, candidates);
        return best is null ? "" : quote ? $"; did you mean '{best}'?" : $"; did you mean {best}?";
    }

    /// <summary>
    /// The candidate with the fewest edits from <paramref name="typed"/>, if at most a third of its length (at least
    /// two) or if one starts with the other; null otherwise.
    /// </summary>
    public static string? Nearest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(typed, candidate);
            bool close = distance <= Math.Max(2, candidate.Length / 3)
                || (typed.Length >= 4 && (candidate.StartsWith(typed, StringComparison.Ordinal) || typed.StartsWith(candidate, StringComparison.Ordinal)));
            if (close && distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    // Levenshtein distance with one row: names are short.
    private static int Distance(string a, string b)
    {
        int[] row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
