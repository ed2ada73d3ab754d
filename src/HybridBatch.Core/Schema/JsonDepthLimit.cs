namespace HybridBatch.Core.Schema;

/// <summary>
/// How deep objects and arrays may nest in one JSON record (<c>--max-depth</c>). The one definition of the default
/// and the range: the split and every worker read the value from the plan, so both apply the same limit.
/// </summary>
public static class JsonDepthLimit
{
    /// <summary>Utf8JsonReader's default, which records were held to before the setting existed.</summary>
    public const int Default = 64;

    /// <summary>The walker recurses once per level; this keeps it far from the stack's end on any thread.</summary>
    public const int Ceiling = 1000;

    /// <summary>Throws, naming the setting, when <paramref name="maxDepth"/> is outside 1..<see cref="Ceiling"/>.</summary>
    public static void Validate(int maxDepth)
    {
        if (maxDepth is < 1 or > Ceiling)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, $"MaxDepth (--max-depth) must be between 1 and {Ceiling}, got {maxDepth}");
        }
    }
}
