using System.Text.Json.Serialization;

namespace HybridBatch.Core.Json;

/// <summary>
/// Reads and writes an enum by its <see cref="JsonStringEnumMemberNameAttribute"/> names and refuses numbers, so a
/// document with an unknown value fails to read instead of becoming whatever the number names (fail closed).
/// </summary>
public sealed class StrictEnumConverter<T> : JsonStringEnumConverter<T>
    where T : struct, Enum
{
    public StrictEnumConverter()
        : base(namingPolicy: null, allowIntegerValues: false)
    {
    }
}
