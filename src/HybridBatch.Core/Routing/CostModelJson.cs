using System.Text.Json.Serialization;

namespace HybridBatch.Core.Routing;

/// <summary>
/// Source-generated (de)serialization of the cost model file, with <see cref="HybridBatchJson"/>'s conventions
/// (camelCase names of <see cref="CostModelOptions"/>'s properties, indented). Its own context, so the file's format is
/// defined next to the options it carries.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CostModelOptions))]
internal sealed partial class CostModelJson : JsonSerializerContext
{
}
