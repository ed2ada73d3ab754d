using System.Text;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;

namespace HybridBatch.Core.Tests.Schema;

/// <summary>Shorthand for inline cases: JSON written with single quotes, and CSV rows from plain strings.</summary>
internal static class SchemaTestKit
{
    /// <summary>Turns <c>{'a':1}</c> into <c>{"a":1}</c> so cases stay readable inside C# strings.</summary>
    public static string J(string singleQuoted) => singleQuoted.Replace('\'', '"');

    public static RecordSchema Compile(string singleQuotedJson) => RecordSchema.Load(Encoding.UTF8.GetBytes(J(singleQuotedJson)), "test");

    /// <summary>The error as <c>field: reason</c> (or just the reason at the root), or null when valid.</summary>
    public static string? Check(string singleQuotedSchema, string singleQuotedRecord) =>
        Check(Compile(singleQuotedSchema), J(singleQuotedRecord));

    public static string? Check(RecordSchema schema, string record) =>
        schema.ValidateJson(Encoding.UTF8.GetBytes(record))?.ToString();

    /// <summary>
    /// Builds a CSV row; a field written as <c>"text"</c> (with the quotes) is a quoted field holding <c>text</c>.
    /// </summary>
    public static CsvRow Row(params string[] fields)
    {
        var data = new List<byte>();
        var spans = new CsvFieldSpan[fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            string field = fields[i];
            bool quoted = field.Length >= 2 && field[0] == '"' && field[^1] == '"';
            byte[] bytes = Encoding.UTF8.GetBytes(quoted ? field[1..^1] : field);
            spans[i] = new CsvFieldSpan(data.Count, bytes.Length, quoted);
            data.AddRange(bytes);
        }

        return new CsvRow(data.ToArray(), spans);
    }

    public static SchemaLoadException LoadFails(string singleQuotedSchema) =>
        Assert.Throws<SchemaLoadException>(() => Compile(singleQuotedSchema));
}
