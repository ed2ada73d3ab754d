namespace HybridBatch.Core.Schema;

/// <summary>A subschema with the schema location it was compiled from, so a reject can name the branch that failed.</summary>
internal sealed record SchemaBranch(SchemaNode Node, string Location);
