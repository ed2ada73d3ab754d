namespace HybridBatch.Core.Generation;

/// <summary>A property written as a CSV column, with its choices narrowed to what a cell can hold.</summary>
/// <param name="Property">The schema property.</param>
/// <param name="Choices">Scalar kinds to generate (null excluded).</param>
/// <param name="Enum">Scalar enum/const values, or null when unrestricted.</param>
/// <param name="NullAllowed">Whether an empty cell may stand for null (never for required columns, where it means missing).</param>
internal sealed record CsvColumn(PropertyNode Property, JsonKinds[] Choices, EnumValue[]? Enum, bool NullAllowed);
