namespace HybridBatch.Cli.Tests;

/// <summary>The schemas the validate-once command tests (JSON Lines and Parquet) split and then swap in for workers.</summary>
internal static class ValidateOnceSchemas
{
    public const string Schema = """
        { "type": "object", "required": ["id", "amount"],
          "properties": { "id": { "type": "integer", "minimum": 0 }, "amount": { "type": "number" } } }
        """;

    // Binds and loads like the schema above, but no record passes it: a worker that validates again rejects them all.
    public const string RejectAll = """
        { "type": "object", "required": ["id", "amount"],
          "properties": { "id": { "type": "integer", "minimum": 0 }, "amount": { "type": "number", "maximum": -1 } } }
        """;
}
