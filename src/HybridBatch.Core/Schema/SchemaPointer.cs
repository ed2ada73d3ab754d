namespace HybridBatch.Core.Schema;

/// <summary>
/// JSON Pointer tokens (RFC 6901) as schema locations use them: <c>~1</c> for <c>/</c> and <c>~0</c> for <c>~</c>,
/// so a property named <c>a/b</c> keeps locations unambiguous.
/// </summary>
internal static class SchemaPointer
{
    public static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
