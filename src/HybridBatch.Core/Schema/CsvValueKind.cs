namespace HybridBatch.Core.Schema;

/// <summary>What one CSV field turned out to be once typed by its column's schema.</summary>
internal enum CsvValueKind
{
    /// <summary>Unquoted empty field: the property is not in the record.</summary>
    Absent,
    Null,
    Integer,
    Number,
    Boolean,
    String,

    /// <summary>The text fits none of the column's allowed types.</summary>
    Invalid,
}
