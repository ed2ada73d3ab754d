namespace HybridBatch.Core.Schema;

/// <summary>
/// A schema document could not be compiled: it is not valid JSON, uses a keyword this validator does not
/// support, or gives a keyword a value of the wrong kind. <see cref="JsonPath"/> points at the offending spot.
/// </summary>
public sealed class SchemaLoadException : Exception
{
    public SchemaLoadException(string schemaName, string jsonPath, string detail)
        : base($"Schema '{schemaName}' at {jsonPath}: {detail}")
    {
        SchemaName = schemaName;
        JsonPath = jsonPath;
    }

    public SchemaLoadException(string schemaName, string jsonPath, string detail, Exception innerException)
        : base($"Schema '{schemaName}' at {jsonPath}: {detail}", innerException)
    {
        SchemaName = schemaName;
        JsonPath = jsonPath;
    }

    /// <summary>The name the schema was loaded under.</summary>
    public string SchemaName { get; }

    /// <summary>JSON pointer fragment of the offending location, e.g. <c>#/properties/quantity/minimum</c>.</summary>
    public string JsonPath { get; }
}
