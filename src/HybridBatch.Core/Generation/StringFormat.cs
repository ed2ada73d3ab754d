namespace HybridBatch.Core.Generation;

/// <summary>The <c>format</c> values the generator can produce strings for.</summary>
internal enum StringFormat
{
    None,
    DateTime,
    Date,
    Email,
    Uuid,
}
