using System.Text.Json.Nodes;

namespace HybridBatch.Deploy.Tests.Support;

/// <summary>template.yaml, read once, and lookups into it.</summary>
internal static class TemplateFile
{
    private static readonly Lazy<JsonObject> s_template = new(() => CloudFormationYaml.LoadFile(Repository.Template));

    public static JsonObject Json => s_template.Value;

    public static JsonObject Resources => Json["Resources"]!.AsObject();

    public static JsonObject Resource(string logicalId) =>
        Resources[logicalId] as JsonObject ?? throw new KeyNotFoundException($"template.yaml has no resource {logicalId}");

    public static JsonObject Properties(string logicalId) => Resource(logicalId)["Properties"]!.AsObject();

    public static IEnumerable<(string Name, JsonObject Resource)> OfType(string type) =>
        Resources.Where(p => Intrinsics.Text(p.Value?["Type"]) == type).Select(p => (p.Key, p.Value!.AsObject()));

    public static string? ParameterDefault(string name) => Intrinsics.Text(Json["Parameters"]?[name]?["Default"]);
}
