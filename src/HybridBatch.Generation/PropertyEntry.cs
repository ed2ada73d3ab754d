using System.Text;
using System.Text.Json;
using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>
/// One property an object may get, merged over a set of schemas: the schemas its value must meet (each schema's
/// <c>properties</c> entry, matching <c>patternProperties</c>, or its <c>additionalProperties</c>), whether any
/// requires it, and whether any forbids it. Its name is pre-encoded so records never re-encode it.
/// </summary>
internal sealed class PropertyEntry
{
    public PropertyEntry(string name, SchemaNode[] schemas, bool required, bool forbidden)
    {
        Name = name;
        Schemas = schemas;
        Required = required;
        Forbidden = forbidden;
        byte[] encoded = JsonEncodedText.Encode(name).EncodedUtf8Bytes.ToArray();
        JsonName = [(byte)'"', .. encoded, (byte)'"', (byte)':'];
        JsonNameAfterComma = [(byte)',', .. JsonName];
        Utf8Name = Encoding.UTF8.GetBytes(name);
    }

    public string Name { get; }

    public SchemaNode[] Schemas { get; }

    public bool Required { get; }

    /// <summary>True when a schema of the set allows no such property (<c>additionalProperties: false</c> and no pattern).</summary>
    public bool Forbidden { get; }

    /// <summary><c>"name":</c> as UTF-8.</summary>
    public byte[] JsonName { get; }

    /// <summary><c>,"name":</c> as UTF-8.</summary>
    public byte[] JsonNameAfterComma { get; }

    /// <summary>The raw name as UTF-8 (CSV header cell before quoting).</summary>
    public byte[] Utf8Name { get; }
}
