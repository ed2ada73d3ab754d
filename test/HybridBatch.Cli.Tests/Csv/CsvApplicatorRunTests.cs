using System.Text;
using System.Text.Json;

namespace HybridBatch.Cli.Tests.Csv;

/// <summary>
/// A CSV file through <c>hybridbatch run</c> with a schema using <c>$ref</c>, <c>oneOf</c>, <c>patternProperties</c>
/// and <c>unevaluatedProperties</c>: each row is judged as its JSON object, the counts add up and each reject says
/// which keyword failed.
/// </summary>
public class CsvApplicatorRunTests : IDisposable
{
    private const string Schema = """
        {
          "$ref": "#/$defs/payment",
          "$defs": {
            "amount": { "type": "number", "exclusiveMinimum": 0 },
            "payment": {
              "type": "object",
              "required": ["id", "amount", "method"],
              "properties": {
                "id": { "type": "integer" },
                "amount": { "$ref": "#/$defs/amount" },
                "method": { "enum": ["card", "iban"] },
                "card": { "type": "string", "pattern": "^[0-9]{4}$" },
                "iban": { "type": "string" }
              },
              "patternProperties": { "^x_": { "type": "integer", "minimum": 0 } },
              "oneOf": [
                { "properties": { "method": { "const": "card" } }, "required": ["card"] },
                { "properties": { "method": { "const": "iban" } }, "required": ["iban"] }
              ],
              "unevaluatedProperties": false
            }
          }
        }
        """;

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Rows_are_judged_as_objects_and_rejects_name_the_keyword()
    {
        string schema = _folder.File("payments.schema.json");
        File.WriteAllText(schema, Schema);
        string input = _folder.File("payments.csv");
        File.WriteAllText(input,
            "id,amount,method,card,iban,x_retries,note\n" +
            "1,9.99,card,4111,,0,\n" +       // valid: card branch
            "2,5,iban,,DE89,,\n" +           // valid: iban branch
            "3,0,card,4111,,,\n" +           // amount through $ref: not > 0
            "4,5,card,,DE89,,\n" +           // oneOf: card branch lacks card, iban branch wants method iban
            "5,5,card,4111,,-1,\n" +         // patternProperties: x_retries < 0
            "6,5,card,4111,,,hello\n" +      // unevaluatedProperties: note
            "7,5,card,41a1,,,\n" +           // card pattern
            "8,abc,card,4111,,,\n");          // amount is not a number (typed through the $ref)

        (int exitCode, string output, string log) = await CliRunner.RunAsync(
            "run", input, "--schema", schema, "--out", _folder.File("out"), "--max-error-rate", "1");

        Assert.True(exitCode == 0, log + output);
        string runFolder = Assert.Single(Directory.GetDirectories(Path.Combine(_folder.File("out"), "runs")));
        using (JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runFolder, "report.json"))))
        {
            Assert.Equal(8, report.RootElement.GetProperty("totalRecords").GetInt64());
            Assert.Equal(2, report.RootElement.GetProperty("published").GetInt64());
            Assert.Equal(6, report.RootElement.GetProperty("rejected").GetInt64());
        }

        // Each reject as "line field: reason", the reason naming the keyword and the path through the references.
        string[] rejects = File.ReadAllLines(Path.Combine(runFolder, "rejects.jsonl")).Select(line =>
        {
            using JsonDocument reject = JsonDocument.Parse(line);
            JsonElement root = reject.RootElement;
            return $"{root.GetProperty("line").GetInt64()} {root.GetProperty("field").GetString()}: {root.GetProperty("reason").GetString()}";
        }).ToArray();
        string all = string.Join("\n", rejects);
        Assert.Equal(6, rejects.Length);
        Assert.StartsWith("4 amount: $ref #/$defs/payment", rejects[0]);
        Assert.Contains("$ref #/$defs/amount", rejects[0]);
        Assert.Contains("must be > 0, got 0", rejects[0]);
        Assert.Contains("matched none of oneOf (2)", rejects[1]);
        Assert.StartsWith("6 x_retries: ", rejects[2]);
        Assert.Contains("patternProperties", rejects[2]);
        Assert.Contains("unevaluated property 'note'", rejects[3]);
        Assert.StartsWith("8 card: ", rejects[4]);
        Assert.Equal("9 amount: expected number, got 'abc'", rejects[5]);
        Assert.DoesNotContain("   at ", log + all);
    }

    public void Dispose() => _folder.Dispose();
}
