using System.Text.Json.Serialization;

namespace HybridBatch.Adapters.Batch;

/// <summary>Source-generated JSON for the Batch API's REST-JSON bodies (camelCase, nulls left out): AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(SubmitJobInput))]
[JsonSerializable(typeof(SubmitJobOutput))]
[JsonSerializable(typeof(DescribeJobsInput))]
[JsonSerializable(typeof(DescribeJobsOutput))]
[JsonSerializable(typeof(TerminateJobInput))]
[JsonSerializable(typeof(EmptyOutput))]
[JsonSerializable(typeof(ListJobsInput))]
[JsonSerializable(typeof(ListJobsOutput))]
[JsonSerializable(typeof(ErrorBodyWire))]
internal sealed partial class BatchApiJson : JsonSerializerContext
{
}
