using System.Text.Json.Serialization;
using HybridBatch.Core.Batch;

namespace HybridBatch.Functions.Events;

/// <summary>Source-generated contracts of the handlers' events (camelCase, as the state machine writes them).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RouteEvent))]
[JsonSerializable(typeof(PollChunkJobRequest))]
internal sealed partial class FunctionsJson : JsonSerializerContext
{
}
