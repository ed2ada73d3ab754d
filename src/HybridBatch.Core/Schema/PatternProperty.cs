namespace HybridBatch.Core.Schema;

/// <summary>
/// One <c>patternProperties</c> entry: <see cref="Matcher"/> holds only the pattern, so matching a property name is
/// the same <see cref="SchemaNode.CheckString"/> call (fast path or regex) as a <c>pattern</c> on a value.
/// </summary>
internal sealed record PatternProperty(SchemaNode Matcher, SchemaBranch Schema);
