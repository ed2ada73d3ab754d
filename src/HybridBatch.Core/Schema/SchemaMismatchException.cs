namespace HybridBatch.Core.Schema;

/// <summary>
/// A CSV header cannot be bound to a schema: a required column is missing, a column is duplicated or not allowed,
/// or a column's property is an object or array, which a CSV field cannot hold.
/// </summary>
public sealed class SchemaMismatchException : Exception
{
    public SchemaMismatchException(string message)
        : base(message)
    {
    }
}
