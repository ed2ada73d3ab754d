using HybridBatch.Core.Schema;

namespace HybridBatch.Generation;

/// <summary>Access to the sample JSON Schemas embedded in Core (beside <see cref="RecordSchema.LoadSample(string)"/>, which compiles them).</summary>
public static class SampleData
{
    /// <summary>Sample names accepted by <see cref="Open"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["orders", "customers", "inventory"];

    /// <summary>The UTF-8 bytes of the embedded schema <c>HybridBatch.Samples.{sampleName}.schema.json</c>.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static ReadOnlyMemory<byte> Open(string sampleName)
    {
        ArgumentNullException.ThrowIfNull(sampleName);
        // Checking the list first gives a useful message instead of a null stream for typos.
        if (!Names.Contains(sampleName, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"Unknown sample '{sampleName}'. Valid names: {string.Join(", ", Names)}.", nameof(sampleName));
        }

        var resource = $"HybridBatch.Samples.{sampleName}.schema.json";
        using var stream = typeof(RecordSchema).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource '{resource}' is missing from the build.");
        using var copy = new MemoryStream((int)stream.Length);
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
