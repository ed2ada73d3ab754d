using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>A property written as a CSV column, with what its cell may hold read from the validator's model.</summary>
/// <param name="Entry">The top-level property.</param>
/// <param name="Shape">What the property's schemas allow (branch choices aside).</param>
/// <param name="Choices">Scalar types to generate (null excluded).</param>
/// <param name="Values">Scalar enum/const values, or null when unrestricted.</param>
/// <param name="NullAllowed">Whether an empty cell may stand for null (never for required columns, where it means missing).</param>
internal sealed record CsvColumn(PropertyEntry Entry, ValueShape Shape, JsonTypes[] Choices, ConstValue[]? Values, bool NullAllowed);
