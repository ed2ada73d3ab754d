namespace HybridBatch.Generation;

/// <summary>Writes records of one output format; one instance per <see cref="RecordGenerator"/>, reused across calls.</summary>
internal abstract class RecordWriter
{
    protected RecordWriter(ValueGenerator values)
    {
        Values = values;
    }

    /// <summary>Every corruption this schema and format allow.</summary>
    public abstract CorruptionPlan Plan { get; }

    /// <summary>The generator walking the validator's model; single-threaded by design, like the writer.</summary>
    protected ValueGenerator Values { get; }

    public virtual void WriteHeader(OutputBuffer output)
    {
    }

    /// <summary>
    /// Writes one record and its line ending. <paramref name="values"/> drives the content;
    /// <paramref name="chooser"/> drives anything about the corruption, such as where to cut a line.
    /// </summary>
    public abstract void WriteRecord(OutputBuffer output, ref SplitMix64 values, Corruption? corruption, ref SplitMix64 chooser);
}
