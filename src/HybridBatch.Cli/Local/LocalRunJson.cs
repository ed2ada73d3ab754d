using System.Text.Json.Serialization;

namespace HybridBatch.Cli.Local;

/// <summary>The local runner's own files (<c>settings.json</c>, the lock's owner), serialised without reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(RunSettings))]
[JsonSerializable(typeof(RunLockOwner))]
internal sealed partial class LocalRunJson : JsonSerializerContext;
