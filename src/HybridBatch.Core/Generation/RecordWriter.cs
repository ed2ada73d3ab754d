namespace HybridBatch.Core.Generation;

/// <summary>Writes records of one output format; one instance per <see cref="RecordGenerator"/>, reused across calls.</summary>
internal abstract class RecordWriter
{
    protected RecordWriter(bool includeOptional)
    {
        IncludeOptional = includeOptional;
    }

    /// <summary>Every corruption this schema and format allow.</summary>
    public abstract CorruptionPlan Plan { get; }

    protected bool IncludeOptional { get; }

    /// <summary>Scratch for scalar values; single-threaded by design, like the generator.</summary>
    protected ValueBuffer Scratch { get; } = new();

    public virtual void WriteHeader(OutputBuffer output)
    {
    }

    /// <summary>
    /// Writes one record and its line ending. <paramref name="values"/> drives the content;
    /// <paramref name="chooser"/> drives anything about the corruption, such as where to cut a line.
    /// </summary>
    public abstract void WriteRecord(OutputBuffer output, ref SplitMix64 values, Corruption? corruption, ref SplitMix64 chooser);

    /// <summary>Picks the kind of the next value, or <see cref="JsonKinds.Null"/> about one time in five when null is allowed.</summary>
    protected static JsonKinds PickKind(JsonKinds[] choices, bool nullAllowed, ref SplitMix64 values)
    {
        if (nullAllowed && (choices.Length == 0 || values.Next(5) == 0))
        {
            return JsonKinds.Null;
        }

        return choices.Length == 1 ? choices[0] : choices[values.Next(choices.Length)];
    }

    protected static EnumValue PickValue(EnumValue[] values, ref SplitMix64 random)
    {
        return values.Length == 1 ? values[0] : values[random.Next(values.Length)];
    }
}
