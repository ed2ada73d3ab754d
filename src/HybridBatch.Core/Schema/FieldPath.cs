namespace HybridBatch.Core.Schema;

/// <summary>
/// Builds error field paths like <c>items[2].sku</c> from the inside out. Only runs once an error was found,
/// so valid records never pay for path strings.
/// </summary>
internal static class FieldPath
{
    public static ValidationError UnderProperty(string name, ValidationError inner) =>
        inner with { Field = inner.Field.Length == 0 ? name : inner.Field[0] == '[' ? name + inner.Field : name + "." + inner.Field };

    public static ValidationError UnderIndex(int index, ValidationError inner) =>
        inner with
        {
            Field = inner.Field.Length == 0 || inner.Field[0] == '['
                ? $"[{index}]{inner.Field}"
                : $"[{index}].{inner.Field}",
        };
}
