using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace HybridBatch.Cli.Tests.Parquet;

/// <summary>
/// What a run published, read from the file destination, and the comparison with what DuckDB reads from the same
/// Parquet file (<see cref="ParquetReferenceFiles"/>): one definition for every test that runs the reference files,
/// in process or through a published binary.
/// </summary>
internal static class DuckDbRows
{
    /// <summary>Columns whose exact decimal text DuckDB gives as a string (its JSON would round them through a double).</summary>
    private static readonly HashSet<string> s_exactDecimals = ["dec9", "dec18", "dec38"];

    /// <summary>The published message values by record index, from a run's output folder (each record once).</summary>
    public static SortedDictionary<long, string> Published(string outputFolder)
    {
        var rows = new SortedDictionary<long, string>();
        foreach (string line in OutputParts.Lines(outputFolder))
        {
            using JsonDocument message = JsonDocument.Parse(line);
            long index = long.Parse(message.RootElement.GetProperty("headers").GetProperty("recordIndex").GetString()!, CultureInfo.InvariantCulture);
            Assert.True(rows.TryAdd(index, message.RootElement.GetProperty("value").GetRawText()), $"record {index} was published twice");
        }

        return rows;
    }

    /// <summary>Every row of <paramref name="expectedJsonLines"/> (DuckDB's reading) was published, in order of index, and nothing else.</summary>
    public static void AssertSameRows(string expectedJsonLines, SortedDictionary<long, string> published)
    {
        string[] expected = File.ReadAllLines(expectedJsonLines);
        Assert.Equal(expected.Length, published.Count);
        Assert.Equal(Enumerable.Range(0, expected.Length).Select(i => (long)i), published.Keys);
        foreach ((long index, string value) in published)
        {
            using JsonDocument want = JsonDocument.Parse(expected[index]);
            using JsonDocument got = JsonDocument.Parse(value);
            AssertSameJson(want.RootElement, got.RootElement, $"row {index}");
        }
    }

    /// <summary>
    /// JSON equality as the mapping table promises it: same kinds, same strings, integers digit for digit, other
    /// numbers the same double (DuckDB and .NET may spell a double differently), exact decimals as DuckDB's text.
    /// </summary>
    private static void AssertSameJson(JsonElement want, JsonElement got, string where)
    {
        if (want.ValueKind == JsonValueKind.String && got.ValueKind == JsonValueKind.Number && s_exactDecimals.Contains(where[(where.LastIndexOf('.') + 1)..]))
        {
            Assert.True(want.GetString() == got.GetRawText(), $"{where}: expected {want.GetString()}, got {got.GetRawText()}");
            return;
        }

        Assert.True(want.ValueKind == got.ValueKind, $"{where}: expected {want.ValueKind} {want.GetRawText()}, got {got.ValueKind} {got.GetRawText()}");
        switch (want.ValueKind)
        {
            case JsonValueKind.Object:
                string[] wantNames = want.EnumerateObject().Select(p => p.Name).ToArray();
                string[] gotNames = got.EnumerateObject().Select(p => p.Name).ToArray();
                Assert.True(wantNames.SequenceEqual(gotNames), $"{where}: expected properties {string.Join(",", wantNames)}, got {string.Join(",", gotNames)}");
                foreach (JsonProperty property in want.EnumerateObject())
                {
                    AssertSameJson(property.Value, got.GetProperty(property.Name), $"{where}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.True(want.GetArrayLength() == got.GetArrayLength(), $"{where}: expected {want.GetRawText()}, got {got.GetRawText()}");
                for (int i = 0; i < want.GetArrayLength(); i++)
                {
                    AssertSameJson(want[i], got[i], $"{where}[{i}]");
                }

                break;
            case JsonValueKind.Number:
                string w = want.GetRawText();
                string g = got.GetRawText();
                bool same = BigInteger.TryParse(w, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger wi)
                    && BigInteger.TryParse(g, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger gi)
                    ? wi == gi
                    : double.Parse(w, CultureInfo.InvariantCulture).Equals(double.Parse(g, CultureInfo.InvariantCulture));
                Assert.True(same, $"{where}: expected {w}, got {g}");
                break;
            case JsonValueKind.String:
                Assert.True(want.GetString() == got.GetString(), $"{where}: expected {want.GetRawText()}, got {got.GetRawText()}");
                break;
        }
    }
}
