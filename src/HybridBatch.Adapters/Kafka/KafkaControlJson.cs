using System.Text.Json.Serialization;

namespace HybridBatch.Adapters.Kafka;

/// <summary>Source-generated JSON for the control topic's records (camelCase): AOT-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CompletionRecord))]
internal sealed partial class KafkaControlJson : JsonSerializerContext
{
}
