using System.Text.Json;

namespace HybridBatch.Functions.Tests.Support;

/// <summary>
/// Checks a log line against the CloudWatch embedded metric format specification: a root object whose <c>_aws</c>
/// holds a numeric <c>Timestamp</c> and a non-empty <c>CloudWatchMetrics</c> array of directives, each with a
/// <c>Namespace</c> (1–255 characters), <c>Dimensions</c> (arrays of at most 30 names, each a string member of the
/// root) and <c>Metrics</c> (1–100 definitions with a <c>Name</c> that is a numeric member of the root and, when
/// given, a valid <c>Unit</c>).
/// </summary>
public static class EmfDocument
{
    private static readonly HashSet<string> s_units =
    [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
        "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
        "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    ];

    /// <summary>The metric values of a valid EMF line, by name; fails the test with the rule it breaks otherwise.</summary>
    public static IReadOnlyDictionary<string, double> Validate(JsonElement root)
    {
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        JsonElement aws = root.GetProperty("_aws");
        Assert.Equal(JsonValueKind.Object, aws.ValueKind);
        JsonElement timestamp = aws.GetProperty("Timestamp");
        Assert.Equal(JsonValueKind.Number, timestamp.ValueKind);
        long ms = timestamp.GetInt64();
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(ms), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(5));
        JsonElement directives = aws.GetProperty("CloudWatchMetrics");
        Assert.Equal(JsonValueKind.Array, directives.ValueKind);
        Assert.NotEqual(0, directives.GetArrayLength());

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (JsonElement directive in directives.EnumerateArray())
        {
            string ns = directive.GetProperty("Namespace").GetString()!;
            Assert.InRange(ns.Length, 1, 255);
            foreach (JsonElement set in directive.GetProperty("Dimensions").EnumerateArray())
            {
                Assert.InRange(set.GetArrayLength(), 1, 30);
                foreach (JsonElement dimension in set.EnumerateArray())
                {
                    Assert.True(root.TryGetProperty(dimension.GetString()!, out JsonElement value), $"dimension {dimension} is not a member of the root");
                    Assert.Equal(JsonValueKind.String, value.ValueKind);
                }
            }

            JsonElement metrics = directive.GetProperty("Metrics");
            Assert.InRange(metrics.GetArrayLength(), 1, 100);
            foreach (JsonElement metric in metrics.EnumerateArray())
            {
                string name = metric.GetProperty("Name").GetString()!;
                Assert.InRange(name.Length, 1, 1024);
                if (metric.TryGetProperty("Unit", out JsonElement unit))
                {
                    Assert.Contains(unit.GetString()!, s_units);
                }

                Assert.True(root.TryGetProperty(name, out JsonElement value), $"metric {name} is not a member of the root");
                Assert.Equal(JsonValueKind.Number, value.ValueKind);
                values[name] = value.GetDouble();
            }
        }

        return values;
    }

    /// <summary>The names of a JSON object's members, in order, duplicates kept (System.Text.Json's DOM would hide them).</summary>
    public static IReadOnlyList<string> MemberNames(string line)
    {
        var names = new List<string>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(line));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                names.Add(reader.GetString()!);
            }
        }

        return names;
    }
}
