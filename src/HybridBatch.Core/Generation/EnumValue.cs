namespace HybridBatch.Core.Generation;

/// <summary>One allowed <c>enum</c>/<c>const</c> value, pre-rendered for both output formats.</summary>
/// <param name="Json">Compact JSON text of the value.</param>
/// <param name="Text">CSV cell content before quoting: the unescaped string, number text, true/false, or empty for null.</param>
/// <param name="Kind">The single JSON kind of the value (integral numbers count as Integer and Number).</param>
internal sealed record EnumValue(byte[] Json, byte[] Text, JsonKinds Kind);
