using System.Text;
using System.Text.Json;

namespace HybridBatch.Cli.Tests.Csv;

/// <summary>
/// A CSV file run through <c>hybridbatch run</c> (file destination) with a schema of optional string columns, so
/// every row is judged by its quoting alone; then the report, the validation report and the published rows.
/// </summary>
internal sealed class CsvRun : IDisposable
{
    private readonly TempFolder _folder = new();

    public CsvRun(IReadOnlyList<string> columns)
    {
        Columns = columns;
        string properties = string.Join(",", columns.Select(c => $"\"{c}\":{{\"type\":\"string\"}}"));
        SchemaFile = _folder.File("strings.schema.json");
        File.WriteAllText(SchemaFile, $"{{\"type\":\"object\",\"properties\":{{{properties}}}}}");
    }

    public IReadOnlyList<string> Columns { get; }

    public string SchemaFile { get; }

    public string Input => _folder.File("input.csv");

    public string Out => _folder.File("out");

    public string RunFolder => Assert.Single(Directory.GetDirectories(Path.Combine(Out, "runs")));

    public void Write(string text) => File.WriteAllBytes(Input, Encoding.UTF8.GetBytes(text));

    public void Write(byte[] data) => File.WriteAllBytes(Input, data);

    /// <summary>Runs <c>run</c> on the input; extra options after the defaults.</summary>
    public Task<(int ExitCode, string Out, string Log)> RunAsync(params string[] options) =>
        CliRunner.RunAsync(["run", Input, "--schema", SchemaFile, "--out", Out, .. options]);

    public JsonDocument Report() => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RunFolder, "report.json")));

    public JsonDocument Validation() => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RunFolder, "validation.json")));

    public bool AnythingPublished => Directory.Exists(Path.Combine(RunFolder, "output"))
        && Directory.GetFiles(Path.Combine(RunFolder, "output")).Any(f => new FileInfo(f).Length > 0);

    /// <summary>
    /// The published rows by record index: each column's value, or null when the message has no such property
    /// (an unquoted empty field is "no value", a quoted empty one is the empty string).
    /// </summary>
    public SortedDictionary<long, string?[]> Published()
    {
        var rows = new SortedDictionary<long, string?[]>();
        foreach (string file in Directory.GetFiles(Path.Combine(RunFolder, "output")))
        {
            foreach (string line in File.ReadLines(file))
            {
                using JsonDocument message = JsonDocument.Parse(line);
                long index = long.Parse(message.RootElement.GetProperty("headers").GetProperty("recordIndex").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                JsonElement value = message.RootElement.GetProperty("value");
                string?[] fields = Columns.Select(c => value.TryGetProperty(c, out JsonElement v) ? v.GetString() : null).ToArray();
                Assert.True(rows.TryAdd(index, fields), $"record {index} was published twice");
            }
        }

        return rows;
    }

    /// <summary>The one-based line of every rejected record, in order.</summary>
    public List<long> RejectedLines() => File.ReadLines(Path.Combine(RunFolder, "rejects.jsonl"))
        .Select(l =>
        {
            using JsonDocument reject = JsonDocument.Parse(l);
            return reject.RootElement.GetProperty("line").GetInt64();
        })
        .ToList();

    public void Dispose() => _folder.Dispose();
}
