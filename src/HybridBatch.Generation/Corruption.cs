namespace HybridBatch.Generation;

/// <summary>One concrete way to break a record.</summary>
/// <param name="Kind">What is broken.</param>
/// <param name="Property">Index of the affected property (JSON) or column (CSV); -1 when the whole record is affected.</param>
/// <param name="Replacement">Text written instead of the value, already encoded for the output format; empty when the value is omitted.</param>
internal readonly record struct Corruption(CorruptionKind Kind, int Property, byte[] Replacement);
