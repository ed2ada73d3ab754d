namespace HybridBatch.Generation;

/// <summary>Ways a record is made invalid. Each one breaks standard JSON Schema (or CSV shape) rules on its own.</summary>
internal enum CorruptionKind
{
    /// <summary>A required property is left out (CSV: its field is empty and unquoted).</summary>
    MissingRequired,

    /// <summary>A value of a type the schema does not allow (CSV: non-numeric text in a numeric column).</summary>
    WrongType,

    /// <summary>A number outside minimum/maximum or a string outside minLength/maxLength.</summary>
    OutOfRange,

    /// <summary>A value not listed in <c>enum</c>/<c>const</c>.</summary>
    NotInEnum,

    /// <summary>A string that does not match <c>pattern</c>.</summary>
    PatternMismatch,

    /// <summary>JSON Lines only: the object is cut short, so the line is not JSON.</summary>
    Truncated,

    /// <summary>CSV only: the row carries an extra field.</summary>
    FieldCount,
}
