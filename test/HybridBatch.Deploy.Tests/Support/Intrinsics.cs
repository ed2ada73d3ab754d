using System.Text.Json.Nodes;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>Helpers for values that may be CloudFormation intrinsic functions.</summary>
internal static class Intrinsics
{
    /// <summary>The function name when <paramref name="node"/> is <c>{"Ref": …}</c>, <c>{"Fn::…": …}</c> or <c>{"Condition": …}</c>.</summary>
    public static string? FunctionName(JsonNode? node) =>
        node is JsonObject { Count: 1 } single && single.First().Key is string key
        && (key == "Ref" || key == "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal))
            ? key
            : null;

    public static bool IsNoValue(JsonNode? node) =>
        node is JsonObject { Count: 1 } single && single["Ref"] is JsonValue value && value.GetValue<string>() == "AWS::NoValue";

    /// <summary>
    /// The values a node can take: itself, or for <c>Fn::If</c> both branches (recursively), leaving out
    /// <c>AWS::NoValue</c>.
    /// </summary>
    public static IEnumerable<JsonNode?> Alternatives(JsonNode? node)
    {
        if (FunctionName(node) == "Fn::If" && node!["Fn::If"] is JsonArray { Count: 3 } branches)
        {
            foreach (JsonNode? branch in new[] { branches[1], branches[2] })
            {
                foreach (JsonNode? value in Alternatives(branch))
                {
                    yield return value;
                }
            }

            yield break;
        }

        if (!IsNoValue(node))
        {
            yield return node;
        }
    }

    /// <summary>A list property's items, each expanded through <see cref="Alternatives"/>.</summary>
    public static IEnumerable<JsonNode?> Items(JsonNode? node)
    {
        foreach (JsonNode? list in Alternatives(node))
        {
            if (list is JsonArray array)
            {
                foreach (JsonNode? item in array)
                {
                    foreach (JsonNode? value in Alternatives(item))
                    {
                        yield return value;
                    }
                }
            }
            else if (list is not null)
            {
                yield return list;
            }
        }
    }

    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
