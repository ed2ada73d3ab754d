using System.Globalization;

namespace HybridBatch.Core.Validation;

/// <summary>Decides whether a validated file may be published. Nothing is published when it fails.</summary>
public static class ValidationGate
{
    public static GateResult Evaluate(long totalRecords, long rejectedRecords, IReadOnlyList<string> structuralErrors, GateOptions options)
    {
        var reasons = new List<string>();
        foreach (string error in structuralErrors)
        {
            reasons.Add($"structural error: {error}");
        }

        double rate = totalRecords == 0 ? 0 : (double)rejectedRecords / totalRecords;
        if (rate > options.MaxErrorRate)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"error rate {rate:P2} ({rejectedRecords} of {totalRecords} records rejected) is above the limit {options.MaxErrorRate:P2}"));
        }

        if (options.MaxRejectedRecords is long limit && rejectedRecords > limit)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{rejectedRecords} rejected records is above the limit {limit}"));
        }

        return new GateResult(reasons.Count == 0, reasons);
    }
}
