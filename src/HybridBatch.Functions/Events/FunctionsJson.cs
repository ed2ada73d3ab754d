using System.Text.Json.Serialization;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;

namespace HybridBatch.Functions.Events;

/// <summary>Source-generated contracts of the handlers' events and answers (camelCase, as the state machine writes and reads them).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SplitEvent))]
[JsonSerializable(typeof(SplitAnswer))]
[JsonSerializable(typeof(RouteEvent))]
[JsonSerializable(typeof(RouteDecision))]
[JsonSerializable(typeof(ProcessChunkEvent))]
[JsonSerializable(typeof(ChunkResult))]
[JsonSerializable(typeof(SubmitBatchJobEvent))]
[JsonSerializable(typeof(SubmitChunkJobResult))]
[JsonSerializable(typeof(PollBatchJobEvent))]
[JsonSerializable(typeof(PollBatchJobAnswer))]
[JsonSerializable(typeof(AggregateEvent))]
[JsonSerializable(typeof(AggregateAnswer))]
internal sealed partial class FunctionsJson : JsonSerializerContext
{
}
