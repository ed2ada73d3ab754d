namespace HybridBatch.Bench;

/// <summary>
/// A cheap differential: which records HybridBatch rejected and ajv found invalid on the same file and schema.
/// A record on one side only is a disagreement about JSON Schema 2020-12 (often a format rule) worth a look.
/// </summary>
public sealed record VerdictComparison(long Records, long InvalidBoth, IReadOnlyList<KeyValuePair<long, string>> HybridBatchOnly, IReadOnlyList<KeyValuePair<long, string>> AjvOnly)
{
    /// <summary>Compares rejected indices (with HybridBatch's field and reason) with ajv's invalid ones (with ajv's error).</summary>
    public static VerdictComparison Compare(long records, IReadOnlyDictionary<long, string> hybridBatchRejects, IReadOnlyDictionary<long, string> ajvInvalid) => new(
        records,
        hybridBatchRejects.Keys.Count(ajvInvalid.ContainsKey),
        [.. hybridBatchRejects.Where(reject => !ajvInvalid.ContainsKey(reject.Key)).OrderBy(reject => reject.Key)],
        [.. ajvInvalid.Where(invalid => !hybridBatchRejects.ContainsKey(invalid.Key)).OrderBy(invalid => invalid.Key)]);

    public bool Agree => HybridBatchOnly.Count == 0 && AjvOnly.Count == 0;
}
