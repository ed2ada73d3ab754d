using System.Text.Json.Serialization;

namespace HybridBatch.Core.Records;

/// <summary>
/// The format's own JSON contract, which <see cref="RecordFormatText"/> reads its wire names from: Records stays free
/// of the assembly-wide <see cref="HybridBatchJson"/> context, which references every namespace (no namespace cycle).
/// </summary>
[JsonSerializable(typeof(RecordFormat))]
internal sealed partial class RecordFormatJson : JsonSerializerContext
{
}
