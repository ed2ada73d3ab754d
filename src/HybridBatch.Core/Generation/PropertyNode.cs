using System.Text;
using System.Text.Json;

namespace HybridBatch.Core.Generation;

/// <summary>One entry of <c>properties</c>, with its name pre-encoded so records never re-encode it.</summary>
internal sealed class PropertyNode
{
    public PropertyNode(string name, SchemaNode schema, bool required)
    {
        Name = name;
        Schema = schema;
        Required = required;
        var encoded = JsonEncodedText.Encode(name).EncodedUtf8Bytes;
        JsonName = [(byte)'"', .. encoded, (byte)'"', (byte)':'];
        JsonNameAfterComma = [(byte)',', .. JsonName];
        Utf8Name = Encoding.UTF8.GetBytes(name);
    }

    public string Name { get; }

    public SchemaNode Schema { get; }

    public bool Required { get; }

    /// <summary><c>"name":</c> as UTF-8.</summary>
    public byte[] JsonName { get; }

    /// <summary><c>,"name":</c> as UTF-8.</summary>
    public byte[] JsonNameAfterComma { get; }

    /// <summary>The raw name as UTF-8 (CSV header cell before quoting).</summary>
    public byte[] Utf8Name { get; }
}
