using System.Text.Json;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// A user's own schema through <c>hybridbatch run</c>: unknown keywords give one warning and check nothing,
/// <c>--strict-keywords</c> refuses them (exit 3, the path named), and bare JSON values are records the schema judges.
/// </summary>
public class SchemaKeywordCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Unknown_keywords_are_listed_once_as_a_warning_and_strict_keywords_refuses_them()
    {
        string schema = _folder.File("mine.schema.json");
        File.WriteAllText(schema, """{"x-owner":"team-a","type":["object","integer"],"properties":{"id":{"type":"integer","minimun":3}}}""");
        string input = _folder.File("in.jsonl");
        File.WriteAllText(input, "{\"id\":1}\n7\n\"text\"\n[1]\n");

        (int exitCode, string output, string log) = await CliRunner.RunAsync(
            "run", input, "--schema", schema, "--out", _folder.File("out"), "--max-error-rate", "1");
        Assert.True(exitCode == 0, log + output);
        string warning = Assert.Single(log.Split('\n'), line => line.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Contains("#/x-owner, #/properties/id/minimun", warning);
        using (JsonDocument report = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(_folder.File("out"), "report.json", SearchOption.AllDirectories).Single())))
        {
            // The object and the bare integer pass; the string and the array are off-schema rejects.
            Assert.Equal(2, report.RootElement.GetProperty("published").GetInt64());
            Assert.Equal(2, report.RootElement.GetProperty("rejected").GetInt64());
        }

        (int strictExit, _, string strictLog) = await CliRunner.RunAsync(
            "run", input, "--schema", schema, "--out", _folder.File("out2"), "--strict-keywords");
        // A schema that does not compile is invalid input (the failure table's exit 3), never retried.
        Assert.Equal(3, strictExit);
        Assert.Contains("#/x-owner", strictLog);
        Assert.Contains("--strict-keywords", strictLog);
        Assert.DoesNotContain("   at ", strictLog);
    }

    public void Dispose() => _folder.Dispose();
}
