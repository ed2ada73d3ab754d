namespace HybridBatch.Core.Schema;

/// <summary>
/// A <c>$ref</c> inside the same document. Its target is filled in once the whole document is compiled, because a
/// reference may point at a schema compiled later (or at the schema that holds it: recursion).
/// </summary>
internal sealed class SchemaReference
{
    public SchemaReference(string text, string location)
    {
        Text = text;
        Location = location;
    }

    /// <summary>The reference as written, e.g. <c>#/$defs/address</c>.</summary>
    public string Text { get; }

    /// <summary>Where the <c>$ref</c> keyword stands, e.g. <c>#/properties/billing/$ref</c>.</summary>
    public string Location { get; }

    /// <summary>The document location the reference resolved to, e.g. <c>#/$defs/address</c>.</summary>
    public string TargetLocation { get; set; } = "";

    public SchemaNode Target { get; set; } = SchemaNode.Any;
}
