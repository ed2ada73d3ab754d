namespace HybridBatch.Core.Schema;

/// <summary>The JSON Schema <c>type</c> names as flags; <see cref="None"/> means the schema does not restrict the type.</summary>
[Flags]
internal enum JsonTypes
{
    None = 0,
    String = 1,
    Integer = 2,
    Number = 4,
    Boolean = 8,
    Object = 16,
    Array = 32,
    Null = 64,
}
