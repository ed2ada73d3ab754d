namespace HybridBatch.Core.Schema;

/// <summary>The <c>format</c> values this validator checks.</summary>
internal enum StringFormat
{
    None,
    DateTime,
    Date,
    Email,
    Uuid,
}
