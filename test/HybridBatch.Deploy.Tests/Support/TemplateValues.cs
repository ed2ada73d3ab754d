using System.Text.Json.Nodes;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>
/// What CloudFormation would make of template.yaml's function environments and job definitions for one stack:
/// <c>Ref</c> of a parameter is its given value or its default, <c>Ref</c> of a resource is the stand-in the test
/// names (its bucket, queue, Batch queue), <c>Fn::If</c> follows the given conditions. Anything else is refused,
/// so a setting the tests cannot reproduce is noticed instead of skipped.
/// </summary>
internal sealed class TemplateValues
{
    private readonly IReadOnlyDictionary<string, string> _references;
    private readonly IReadOnlyDictionary<string, bool> _conditions;

    /// <param name="references">Parameter values and resource stand-ins by logical id (and pseudo parameters such as AWS::Region).</param>
    /// <param name="conditions">The value of every condition the resolved parts use.</param>
    public TemplateValues(IReadOnlyDictionary<string, string> references, IReadOnlyDictionary<string, bool> conditions)
    {
        _references = references;
        _conditions = conditions;
    }

    /// <summary>The function's environment as SAM deploys it: Globals' variables, then its own.</summary>
    public Dictionary<string, string> FunctionEnvironment(string function)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonNode? variables in new[] { TemplateFile.Json["Globals"]!["Function"]!["Environment"]?["Variables"], TemplateFile.Properties(function)["Environment"]?["Variables"] })
        {
            foreach ((string name, JsonNode? value) in variables?.AsObject() ?? [])
            {
                if (Resolve(value) is string text)
                {
                    environment[name] = text;
                }
            }
        }

        return environment;
    }

    /// <summary>The job definition's container environment.</summary>
    public Dictionary<string, string> JobEnvironment(string jobDefinition)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonNode? entry in TemplateFile.Properties(jobDefinition)["ContainerProperties"]!["Environment"]!.AsArray())
        {
            JsonNode? chosen = Choose(entry);
            if (chosen is not null && Resolve(chosen["Value"]) is string value)
            {
                environment[Resolve(chosen["Name"])!] = value;
            }
        }

        return environment;
    }

    /// <summary>
    /// The job definition's command as Batch runs it for a job with these parameters: each <c>Ref::name</c>
    /// replaced by the job's parameter, else the job definition's default, else left as written (as Batch does).
    /// </summary>
    public List<string> JobCommand(string jobDefinition, IReadOnlyDictionary<string, string> parameters)
    {
        JsonObject properties = TemplateFile.Properties(jobDefinition);
        var defaults = (properties["Parameters"]?.AsObject() ?? []).ToDictionary(p => p.Key, p => Resolve(p.Value));
        var command = new List<string>();
        foreach (JsonNode? word in properties["ContainerProperties"]!["Command"]!.AsArray())
        {
            string text = Resolve(word) ?? throw new InvalidDataException($"{jobDefinition}: a command word resolves to nothing");
            if (text.StartsWith("Ref::", StringComparison.Ordinal))
            {
                string name = text[5..];
                text = parameters.TryGetValue(name, out string? given) ? given : defaults.GetValueOrDefault(name) ?? text;
            }

            command.Add(text);
        }

        return command;
    }

    /// <summary>The value, or null for <c>AWS::NoValue</c>.</summary>
    public string? Resolve(JsonNode? node)
    {
        switch (node)
        {
            case JsonValue value:
                return value.TryGetValue(out string? text) ? text : value.ToJsonString();
            case JsonObject { Count: 1 } single when single["Ref"] is JsonValue reference:
                string name = reference.GetValue<string>();
                if (name == "AWS::NoValue")
                {
                    return null;
                }

                if (_references.TryGetValue(name, out string? given))
                {
                    return given;
                }

                return Intrinsics.Text(TemplateFile.Json["Parameters"]?[name]?["Default"])
                    ?? throw new KeyNotFoundException($"no value for Ref {name}: give it to the test's TemplateValues");
            case JsonObject { Count: 1 } single when single["Fn::If"] is not null:
                return Choose(single) is JsonNode chosen ? Resolve(chosen) : null;
            default:
                throw new NotSupportedException($"the tests do not resolve {node?.ToJsonString() ?? "null"}");
        }
    }

    // Fn::If [condition, then, else] → the branch the condition picks (recursively); anything else as it is.
    private JsonNode? Choose(JsonNode? node)
    {
        while (node is JsonObject { Count: 1 } single && single["Fn::If"] is JsonArray { Count: 3 } branches)
        {
            string condition = branches[0]!.GetValue<string>();
            bool holds = _conditions.TryGetValue(condition, out bool value)
                ? value
                : throw new KeyNotFoundException($"no value for condition {condition}: give it to the test's TemplateValues");
            node = holds ? branches[1] : branches[2];
        }

        return node is JsonObject { Count: 1 } only && only["Ref"] is JsonValue reference && reference.GetValue<string>() == "AWS::NoValue" ? null : node;
    }
}
