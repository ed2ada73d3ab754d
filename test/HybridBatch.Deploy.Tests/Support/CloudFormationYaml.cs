using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>
/// Reads a CloudFormation/SAM template written in YAML into JSON nodes, turning the short-form tags into their
/// long form (<c>!Sub x</c> → <c>{"Fn::Sub": x}</c>, <c>!Ref x</c> → <c>{"Ref": x}</c>, <c>!GetAtt a.b</c> →
/// <c>{"Fn::GetAtt": ["a", "b"]}</c>), as CloudFormation itself does. Scalars stay strings.
/// </summary>
internal static class CloudFormationYaml
{
    private static readonly HashSet<string> s_functions =
    [
        "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or", "FindInMap", "Base64", "Cidr",
        "ImportValue", "GetAZs", "Transform", "Length", "ToJsonString",
    ];

    public static JsonObject Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode) as JsonObject
            ?? throw new InvalidDataException("the template is not a mapping");
    }

    public static JsonObject LoadFile(string path) => Load(File.ReadAllText(path));

    private static JsonNode? Convert(YamlNode node)
    {
        JsonNode? value = node switch
        {
            YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
            YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
            YamlMappingNode mapping => ConvertMapping(mapping),
            _ => throw new InvalidDataException($"unexpected YAML node at {node.Start}"),
        };

        string tag = node.Tag.IsEmpty ? string.Empty : node.Tag.Value;
        if (tag.Length == 0 || tag.StartsWith("tag:yaml.org", StringComparison.Ordinal) || tag == "!")
        {
            return value;
        }

        string name = tag.TrimStart('!');
        return name switch
        {
            "Ref" => new JsonObject { ["Ref"] = value },
            "Condition" => new JsonObject { ["Condition"] = value },
            "GetAtt" when value is JsonValue dotted => new JsonObject { ["Fn::GetAtt"] = SplitGetAtt(dotted.GetValue<string>()) },
            "GetAtt" => new JsonObject { ["Fn::GetAtt"] = value },
            _ when s_functions.Contains(name) => new JsonObject { ["Fn::" + name] = value },
            _ => throw new InvalidDataException($"unknown tag {tag} at {node.Start}"),
        };
    }

    private static JsonArray SplitGetAtt(string dotted)
    {
        int dot = dotted.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? throw new InvalidDataException($"!GetAtt {dotted} has no attribute")
            : new JsonArray(dotted[..dot], dotted[(dot + 1)..]);
    }

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach ((YamlNode key, YamlNode value) in mapping.Children)
        {
            string name = ((YamlScalarNode)key).Value ?? string.Empty;
            if (result.ContainsKey(name))
            {
                throw new InvalidDataException($"duplicate key {name} at {key.Start}");
            }

            result[name] = Convert(value);
        }

        return result;
    }
}
