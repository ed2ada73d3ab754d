namespace HybridBatch.Core.Schema;

/// <summary>A number from the schema (a bound or an enum member), with its source text for messages.</summary>
internal readonly struct NumericBound
{
    public NumericBound(long int64, double value, bool isInt64, string text)
    {
        Int64 = int64;
        Double = value;
        IsInt64 = isInt64;
        Text = text;
    }

    public long Int64 { get; }

    public double Double { get; }

    public bool IsInt64 { get; }

    public string Text { get; }
}
