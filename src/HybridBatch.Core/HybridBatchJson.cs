using System.Text.Json.Serialization;
using HybridBatch.Core.Aggregation;
using HybridBatch.Core.Batch;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Routing;
using HybridBatch.Core.Splitting;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core;

/// <summary>
/// Source-generated (de)serialization of every document HybridBatch stores or returns: no reflection, so
/// it works under Native AOT.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ChunkPlan))]
[JsonSerializable(typeof(IReadOnlyList<ChunkPlanEntry>))]
[JsonSerializable(typeof(ValidationReport))]
[JsonSerializable(typeof(SplitSummary))]
[JsonSerializable(typeof(RouteDecision))]
[JsonSerializable(typeof(ChunkResult))]
[JsonSerializable(typeof(ChunkProgress))]
[JsonSerializable(typeof(ChunkCheckpoint))]
[JsonSerializable(typeof(RunReport))]
[JsonSerializable(typeof(SubmitChunkJobResult))]
[JsonSerializable(typeof(ChunkJobReport))]
[JsonSerializable(typeof(Records.RecordFormat))]
[JsonSerializable(typeof(ChunkStatus))]
[JsonSerializable(typeof(RunStatus))]
[JsonSerializable(typeof(Route))]
public sealed partial class HybridBatchJson : JsonSerializerContext
{
}
