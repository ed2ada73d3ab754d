namespace HybridBatch.Core.Generation;

/// <summary>The JSON Schema <c>type</c> names a schema allows, as flags.</summary>
[Flags]
internal enum JsonKinds
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Integer = 4,
    Number = 8,
    String = 16,
    Array = 32,
    Object = 64,
    Scalars = Null | Boolean | Integer | Number | String,
    All = Scalars | Array | Object,
}
