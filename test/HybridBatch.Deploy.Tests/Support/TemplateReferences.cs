using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>Finds Ref, GetAtt, Sub variables and condition names that point at nothing.</summary>
internal static partial class TemplateReferences
{
    private static readonly HashSet<string> s_pseudoParameters =
    [
        "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId",
        "AWS::StackName", "AWS::URLSuffix",
    ];

    public static IReadOnlyList<string> Problems(JsonObject template, CloudFormationSpec specification)
    {
        var parameters = (template["Parameters"]?.AsObject() ?? []).Select(p => p.Key).ToHashSet();
        var conditions = (template["Conditions"]?.AsObject() ?? []).Select(p => p.Key).ToHashSet();
        var resources = (template["Resources"]?.AsObject() ?? []).ToDictionary(p => p.Key, p => Intrinsics.Text(p.Value?["Type"]) ?? string.Empty);
        var problems = new List<string>();

        void CheckRef(string name, string path)
        {
            if (!parameters.Contains(name) && !resources.ContainsKey(name) && !s_pseudoParameters.Contains(name))
            {
                problems.Add($"{path}: Ref {name} is neither a parameter, a resource nor a pseudo parameter");
            }
        }

        void CheckAttribute(string resource, string attribute, string path)
        {
            if (!resources.TryGetValue(resource, out string? type))
            {
                problems.Add($"{path}: GetAtt {resource}.{attribute}: no resource {resource}");
            }
            else if (!specification.HasAttribute(type, attribute))
            {
                problems.Add($"{path}: GetAtt {resource}.{attribute}: {type} has no attribute {attribute}");
            }
        }

        void CheckCondition(string? name, string path)
        {
            if (name is null || !conditions.Contains(name))
            {
                problems.Add($"{path}: condition {name} is not declared");
            }
        }

        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonArray array:
                    for (int i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], $"{path}[{i}]");
                    }

                    return;
                case JsonObject mapping:
                    switch (Intrinsics.FunctionName(mapping))
                    {
                        case "Ref":
                            CheckRef(Intrinsics.Text(mapping["Ref"]) ?? string.Empty, path);
                            return;
                        case "Condition":
                            CheckCondition(Intrinsics.Text(mapping["Condition"]), path);
                            return;
                        case "Fn::GetAtt":
                            JsonArray target = mapping["Fn::GetAtt"]!.AsArray();
                            CheckAttribute(Intrinsics.Text(target[0]) ?? string.Empty, Intrinsics.Text(target[1]) ?? string.Empty, path);
                            return;
                        case "Fn::If":
                            CheckCondition(Intrinsics.Text(mapping["Fn::If"]![0]), path);
                            break;
                        case "Fn::Sub":
                            JsonNode? sub = mapping["Fn::Sub"];
                            string text = Intrinsics.Text(sub is JsonArray pair ? pair[0] : sub) ?? string.Empty;
                            var local = sub is JsonArray withVariables
                                ? withVariables[1]!.AsObject().Select(p => p.Key).ToHashSet()
                                : [];
                            foreach (Match variable in SubVariable().Matches(text))
                            {
                                string name = variable.Groups[1].Value;
                                int dot = name.IndexOf('.', StringComparison.Ordinal);
                                if (local.Contains(name))
                                {
                                    continue;
                                }

                                if (dot > 0 && !name.StartsWith("AWS::", StringComparison.Ordinal))
                                {
                                    CheckAttribute(name[..dot], name[(dot + 1)..], path);
                                }
                                else
                                {
                                    CheckRef(name, path);
                                }
                            }

                            if (sub is JsonArray variables)
                            {
                                Walk(variables[1], path);
                            }

                            return;
                    }

                    foreach ((string key, JsonNode? child) in mapping)
                    {
                        Walk(child, $"{path}.{key}");
                    }

                    return;
            }
        }

        foreach (string section in new[] { "Conditions", "Globals", "Resources", "Outputs" })
        {
            Walk(template[section], section);
        }

        foreach ((string name, JsonNode? node) in (template["Resources"]?.AsObject() ?? []).Concat(template["Outputs"]?.AsObject() ?? []))
        {
            if (node?["Condition"] is JsonValue condition)
            {
                CheckCondition(condition.GetValue<string>(), name);
            }
        }

        return problems;
    }

    // ${Name} or ${Resource.Attribute}; ${!Literal} is not a variable.
    [GeneratedRegex(@"\$\{([A-Za-z0-9:]+(?:\.[A-Za-z0-9.]+)?)\}")]
    private static partial Regex SubVariable();
}
