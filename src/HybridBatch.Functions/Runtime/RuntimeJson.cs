using System.Text.Json.Serialization;

namespace HybridBatch.Functions.Runtime;

/// <summary>Source-generated JSON for the Runtime API's own documents.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RuntimeError))]
internal sealed partial class RuntimeJson : JsonSerializerContext
{
}
