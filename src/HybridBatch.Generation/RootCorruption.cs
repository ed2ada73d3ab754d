namespace HybridBatch.Generation;

/// <summary>The corruption of one top-level property, by name, as the object writer applies it.</summary>
/// <param name="Kind">What is broken.</param>
/// <param name="Name">The property whose value is replaced or left out.</param>
/// <param name="Replacement">JSON written instead of the value; empty when the property is left out.</param>
internal readonly record struct RootCorruption(CorruptionKind Kind, string Name, byte[] Replacement);
