using System.Text.RegularExpressions;
using HybridBatch.Deploy.Tests.Support;

namespace HybridBatch.Deploy.Tests;

/// <summary>
/// README.md and docs/*.md: every relative link names a file that exists and, with an anchor, a heading of that file;
/// every repository path they name exists; the README keeps the two commands <c>.ci/run</c> and newcomers rely on.
/// Text moves between the README and docs/ pages, and a link left pointing at the old place is what breaks.
/// </summary>
public sealed partial class DocumentationLinkTests
{
    private const string DemoCommand = "dotnet run --project src/HybridBatch.Cli -c Release -- demo";
    private const string TestCommand = "dotnet build Functions.sln -c Release && dotnet test Functions.sln -c Release --no-build --blame-hang-timeout 15m --blame-hang-dump-type none";

    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "README.md" };
        foreach (string page in Directory.GetFiles(Repository.File("docs"), "*.md").Order(StringComparer.Ordinal))
        {
            pages.Add(Path.GetRelativePath(Repository.Root, page).Replace('\\', '/'));
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_names_a_file_and_a_heading_that_exist(string page)
    {
        string path = Repository.File(page);

        Assert.Empty(BrokenLinks(path, File.ReadAllText(path)));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_repository_path_the_page_names_exists(string page)
    {
        string text = WithoutComments(File.ReadAllText(Repository.File(page)));
        var missing = RepositoryPath().Matches(text)
            .Select(m => m.Groups["path"].Value)
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
            .Where(p => !File.Exists(Repository.File(p)) && !Directory.Exists(Repository.File(p)))
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, $"{page} names paths that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_checker_finds_a_missing_file_and_a_missing_heading()
    {
        // The checker itself must be able to fail: one link to a file that is not there, one to a heading that is not.
        string readme = Repository.File("README.md");
        string text = "[a](docs/no-such-page.md) [b](#no-such-heading) [c](#the-two-commands) [d](https://example.com/x.md)";

        List<string> broken = BrokenLinks(readme, text);

        Assert.Equal(["docs/no-such-page.md", "#no-such-heading"], broken);
    }

    [Fact]
    public void The_readme_keeps_the_two_commands_and_ci_runs_the_same_test_command()
    {
        string readme = File.ReadAllText(Repository.File("README.md"));
        string ci = File.ReadAllText(Repository.File(".ci", "run"));

        Assert.Contains("```sh\n" + DemoCommand + "\n```", readme, StringComparison.Ordinal);
        Assert.Contains("```sh\n" + TestCommand + "\n```", readme, StringComparison.Ordinal);
        Assert.Contains("(" + TestCommand + ") 2>&1", ci, StringComparison.Ordinal);
    }

    /// <summary>The link targets in <paramref name="text"/> (a page at <paramref name="page"/>) that do not resolve.</summary>
    private static List<string> BrokenLinks(string page, string text)
    {
        var broken = new List<string>();
        foreach (Match link in MarkdownLink().Matches(WithoutComments(text)))
        {
            string target = link.Groups["target"].Value;
            if (UriScheme().IsMatch(target))
            {
                continue;
            }

            int hash = target.IndexOf('#', StringComparison.Ordinal);
            string file = hash < 0 ? target : target[..hash];
            string? anchor = hash < 0 ? null : target[(hash + 1)..];
            string resolved = file.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, file));
            bool exists = File.Exists(resolved) || Directory.Exists(resolved);
            if (!exists || (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(resolved).Contains(anchor)))
            {
                broken.Add(target);
            }
        }

        return broken;
    }

    /// <summary>The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    private static HashSet<string> Anchors(string page)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        bool fenced = false;
        foreach (string line in File.ReadLines(page))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            Match heading = Heading().Match(line);
            if (fenced || !heading.Success)
            {
                continue;
            }

            string slug = NotInSlug().Replace(heading.Groups["text"].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-');
            int count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        return anchors;
    }

    // HTML comments hold notes for the people who edit the page (a place kept for a page not written yet).
    private static string WithoutComments(string text) => Comment().Replace(text, "");

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"^#{1,6} (?<text>.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\p{Mn}\p{Pc}\- ]")]
    private static partial Regex NotInSlug();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    // A path under one of the repository's top-level folders; placeholders ({runId}, …) end the match before them.
    [GeneratedRegex(@"(?<![\w./{-])(?<path>(?:src|scripts|events|bench|test|statemachine|docs)/[\w./-]*[\w/])")]
    private static partial Regex RepositoryPath();
}
