using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>
/// The CloudFormation resource specification from @aws-cdk/aws-service-spec (db.json.gz), including the
/// <c>AWS::Serverless::*</c> types, and a check of a template's resource types and property names against it,
/// recursively through nested property types.
/// </summary>
public sealed class CloudFormationSpec
{
    // Resource attributes CloudFormation accepts beside Type and Properties.
    private static readonly HashSet<string> s_resourceAttributes =
        ["Type", "Properties", "Condition", "DependsOn", "Metadata", "DeletionPolicy", "UpdateReplacePolicy", "UpdatePolicy", "CreationPolicy"];

    // SAM properties newer than the AWS::Serverless part of the specification, each passed through by SAM to
    // the resource it generates: checked against that resource's property type.
    // LoggingConfig: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-loggingconfig
    private static readonly Dictionary<(string Type, string Property), (string Type, string Property)> s_samPassThrough = new()
    {
        [("AWS::Serverless::Function", "LoggingConfig")] = ("AWS::Lambda::Function", "LoggingConfig"),
        [("AWS::Serverless::Function", "RecursiveLoop")] = ("AWS::Lambda::Function", "RecursiveLoop"),
    };

    // What SAM turns a serverless resource into, for its attributes (!GetAtt Function.Arn).
    private static readonly Dictionary<string, string> s_generatedBy = new()
    {
        ["AWS::Serverless::Function"] = "AWS::Lambda::Function",
        ["AWS::Serverless::StateMachine"] = "AWS::StepFunctions::StateMachine",
    };

    private readonly Dictionary<string, JsonElement> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _types = new(StringComparer.Ordinal);
    private readonly JsonDocument _document;

    private CloudFormationSpec(JsonDocument document)
    {
        _document = document;
        JsonElement schema = document.RootElement.GetProperty("schema");
        foreach (JsonElement resource in schema.GetProperty("resource").GetProperty("entities").EnumerateArray())
        {
            _resources[resource.GetProperty("cloudFormationType").GetString()!] = resource;
        }

        foreach (JsonElement type in schema.GetProperty("typeDefinition").GetProperty("entities").EnumerateArray())
        {
            _types[type.GetProperty("$id").GetString()!] = type;
        }
    }

    public int ResourceTypeCount => _resources.Count;

    public static CloudFormationSpec Load(string gzipFile)
    {
        using FileStream file = File.OpenRead(gzipFile);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return new CloudFormationSpec(JsonDocument.Parse(gzip, new JsonDocumentOptions { MaxDepth = 256 }));
    }

    public bool HasResourceType(string type) => _resources.ContainsKey(type);

    /// <summary>True when <paramref name="type"/> (or what SAM generates from it) has the attribute.</summary>
    public bool HasAttribute(string type, string attribute)
    {
        string actual = s_generatedBy.GetValueOrDefault(type, type);
        return _resources.TryGetValue(actual, out JsonElement resource)
            && resource.TryGetProperty("attributes", out JsonElement attributes)
            && attributes.TryGetProperty(attribute, out _);
    }

    /// <summary>Every problem with resource types, resource attributes and property names, as "path: what".</summary>
    internal IReadOnlyList<string> Check(JsonObject template)
    {
        var problems = new List<string>();
        if (template["Globals"]?["Function"] is JsonObject functionGlobals)
        {
            CheckProperties("AWS::Serverless::Function", functionGlobals, "Globals.Function", problems);
        }

        if (template["Globals"]?["StateMachine"] is JsonObject stateMachineGlobals)
        {
            CheckProperties("AWS::Serverless::StateMachine", stateMachineGlobals, "Globals.StateMachine", problems);
        }

        foreach ((string name, JsonNode? node) in template["Resources"]?.AsObject() ?? [])
        {
            if (node is not JsonObject resource)
            {
                problems.Add($"Resources.{name}: not a mapping");
                continue;
            }

            foreach (string key in resource.Select(p => p.Key).Where(k => !s_resourceAttributes.Contains(k)))
            {
                problems.Add($"Resources.{name}.{key}: not a resource attribute");
            }

            string? type = Intrinsics.Text(resource["Type"]);
            if (type is null || !_resources.ContainsKey(type))
            {
                problems.Add($"Resources.{name}.Type: {type ?? "(missing)"} is not a resource type of the specification");
                continue;
            }

            if (resource["Properties"] is JsonObject properties)
            {
                CheckProperties(type, properties, $"Resources.{name}.Properties", problems);
            }
        }

        return problems;
    }

    private void CheckProperties(string resourceType, JsonObject properties, string path, List<string> problems)
    {
        JsonElement resource = _resources[resourceType];
        JsonElement declared = resource.GetProperty("properties");
        foreach ((string name, JsonNode? value) in properties)
        {
            if (declared.TryGetProperty(name, out JsonElement property))
            {
                CheckValue(property.GetProperty("type"), value, $"{path}.{name}", problems);
            }
            else if (s_samPassThrough.TryGetValue((resourceType, name), out (string Type, string Property) target))
            {
                CheckValue(_resources[target.Type].GetProperty("properties").GetProperty(target.Property).GetProperty("type"), value, $"{path}.{name}", problems);
            }
            else
            {
                problems.Add($"{path}.{name}: {resourceType} has no property {name}");
            }
        }
    }

    private void CheckValue(JsonElement type, JsonNode? value, string path, List<string> problems)
    {
        string? function = Intrinsics.FunctionName(value);
        if (function == "Fn::If")
        {
            foreach (JsonNode? branch in Intrinsics.Alternatives(value))
            {
                CheckValue(type, branch, path, problems);
            }

            return;
        }

        if (function is not null || value is null)
        {
            return; // A value computed at deploy time: its shape cannot be checked here.
        }

        switch (type.GetProperty("type").GetString())
        {
            case "ref":
                CheckObject(Definition(type), value, path, problems);
                break;
            case "array":
                if (value is JsonArray items)
                {
                    for (int i = 0; i < items.Count; i++)
                    {
                        CheckValue(type.GetProperty("element"), items[i], $"{path}[{i}]", problems);
                    }
                }
                else
                {
                    problems.Add($"{path}: expected a list");
                }

                break;
            case "map":
                if (value is JsonObject entries)
                {
                    foreach ((string key, JsonNode? entry) in entries)
                    {
                        CheckValue(type.GetProperty("element"), entry, $"{path}.{key}", problems);
                    }
                }
                else
                {
                    problems.Add($"{path}: expected a mapping");
                }

                break;
            case "union":
                CheckUnion(type.GetProperty("types"), value, path, problems);
                break;
            case "tag":
                if (value is JsonObject tag)
                {
                    problems.AddRange(tag.Select(p => p.Key).Where(k => k is not ("Key" or "Value")).Select(k => $"{path}.{k}: a tag has only Key and Value"));
                }

                break;
            default:
                if (value is JsonObject or JsonArray && type.GetProperty("type").GetString() != "json")
                {
                    problems.Add($"{path}: expected a {type.GetProperty("type").GetString()}, not a {(value is JsonObject ? "mapping" : "list")}");
                }

                break;
        }
    }

    private void CheckObject(JsonElement definition, JsonNode value, string path, List<string> problems)
    {
        if (value is not JsonObject properties)
        {
            problems.Add($"{path}: expected a mapping ({definition.GetProperty("name").GetString()})");
            return;
        }

        JsonElement declared = definition.TryGetProperty("properties", out JsonElement p) ? p : default;
        foreach ((string name, JsonNode? child) in properties)
        {
            if (declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty(name, out JsonElement property))
            {
                CheckValue(property.GetProperty("type"), child, $"{path}.{name}", problems);
            }
            else
            {
                problems.Add($"{path}.{name}: {definition.GetProperty("name").GetString()} has no property {name}");
            }
        }
    }

    // A union accepts a value that fits one of its members; a mapping is matched against the member that
    // declares all of its keys (a SAM event's Properties, a policy that is a document or a template).
    private void CheckUnion(JsonElement members, JsonNode value, string path, List<string> problems)
    {
        var candidates = members.EnumerateArray().ToList();
        if (value is JsonObject mapping)
        {
            if (candidates.Any(m => m.GetProperty("type").GetString() is "json"))
            {
                return;
            }

            var refs = candidates.Where(m => m.GetProperty("type").GetString() == "ref").Select(Definition).ToList();
            JsonElement? fit = refs.Cast<JsonElement?>().FirstOrDefault(d => mapping.All(p => Declares(d!.Value, p.Key)));
            if (fit is JsonElement member)
            {
                CheckObject(member, mapping, path, problems);
                return;
            }

            IEnumerable<string> unknown = mapping.Select(p => p.Key).Where(k => !refs.Any(d => Declares(d, k)));
            List<string> names = unknown.ToList();
            problems.Add(names.Count > 0
                ? $"{path}: no member of the union has {string.Join(", ", names)}"
                : $"{path}: no single member of the union has all of {string.Join(", ", mapping.Select(p => p.Key))}");
            return;
        }

        if (value is JsonArray)
        {
            JsonElement? list = candidates.Cast<JsonElement?>().FirstOrDefault(m => m!.Value.GetProperty("type").GetString() == "array");
            if (list is JsonElement array)
            {
                CheckValue(array, value, path, problems);
            }
            else
            {
                problems.Add($"{path}: no member of the union is a list");
            }
        }
    }

    private static bool Declares(JsonElement definition, string name) =>
        definition.TryGetProperty("properties", out JsonElement properties) && properties.TryGetProperty(name, out _);

    private JsonElement Definition(JsonElement refType) =>
        _types[refType.GetProperty("reference").GetProperty("$ref").GetString()!];
}
