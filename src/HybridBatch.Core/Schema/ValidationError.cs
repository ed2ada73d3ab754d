namespace HybridBatch.Core.Schema;

/// <summary>Why one record failed its schema: the field path (empty for the whole record) and the reason.</summary>
public sealed record ValidationError(string Field, string Reason)
{
    public override string ToString() => Field.Length == 0 ? Reason : $"{Field}: {Reason}";
}
