using System.Globalization;
using System.Text;

namespace HybridBatch.Core.Batch;

/// <summary>
/// How a chunk's (or a run's validation) Batch job is named and tagged. The name makes the job easy to find in the console; the tags
/// are what identifies it, since a long or unusual run id has to be shortened or rewritten to fit a job name.
/// </summary>
public static class ChunkJobNaming
{
    /// <summary>Batch's limit on job names.</summary>
    public const int MaxJobNameLength = 128;

    public const string RunTag = "hybridbatch:run";

    public const string ChunkTag = "hybridbatch:chunk";

    /// <summary>Tag that marks a run's validation job (value <see cref="ValidationKind"/>); chunk jobs carry <see cref="ChunkTag"/> instead.</summary>
    public const string KindTag = "hybridbatch:kind";

    public const string ValidationKind = "validate";

    private const string ValidationSuffix = "-validate";

    /// <summary>
    /// <c>hb-{runId}-c{chunkId:D5}</c>, with every character Batch does not allow in a name (anything but
    /// letters, digits, <c>-</c> and <c>_</c>) replaced by <c>_</c> and the run id shortened so the name
    /// stays within 128 characters; the chunk suffix is never cut.
    /// </summary>
    public static string JobName(string runId, int chunkId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkId);
        return Name(runId, string.Create(CultureInfo.InvariantCulture, $"-c{chunkId:D5}"));
    }

    /// <summary><c>hb-{runId}-validate</c>, made to fit Batch's rules as <see cref="JobName"/> does.</summary>
    public static string ValidationJobName(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return Name(runId, ValidationSuffix);
    }

    /// <summary>The tags that say which run and chunk a job belongs to.</summary>
    public static IReadOnlyDictionary<string, string> Tags(string runId, int chunkId) => new Dictionary<string, string>
    {
        [RunTag] = runId,
        [ChunkTag] = chunkId.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The tags that say which run a validation job belongs to.</summary>
    public static IReadOnlyDictionary<string, string> ValidationTags(string runId) => new Dictionary<string, string>
    {
        [RunTag] = runId,
        [KindTag] = ValidationKind,
    };

    /// <summary>True when the job's tags mark it as the validation job of this run.</summary>
    public static bool IsValidationJobOf(IReadOnlyDictionary<string, string> tags, string runId) =>
        tags.TryGetValue(RunTag, out string? run) && run == runId
        && tags.TryGetValue(KindTag, out string? kind) && kind == ValidationKind
        && !tags.ContainsKey(ChunkTag);

    /// <summary>True when the job's tags name this run and chunk.</summary>
    public static bool BelongsTo(IReadOnlyDictionary<string, string> tags, string runId, int chunkId) =>
        tags.TryGetValue(RunTag, out string? run) && run == runId
        && tags.TryGetValue(ChunkTag, out string? chunk) && chunk == chunkId.ToString(CultureInfo.InvariantCulture);

    private static string Name(string runId, string suffix)
    {
        int room = MaxJobNameLength - "hb-".Length - suffix.Length;
        var name = new StringBuilder(MaxJobNameLength).Append("hb-");
        foreach (char c in runId.AsSpan(0, Math.Min(runId.Length, room)))
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return name.Append(suffix).ToString();
    }
}
