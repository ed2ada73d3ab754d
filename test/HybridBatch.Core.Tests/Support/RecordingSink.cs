using System.Text;
using HybridBatch.Core.Processing;

namespace HybridBatch.Core.Tests.Support;

/// <summary>Keeps copies of every message; can be told to fail on a given batch.</summary>
internal sealed class RecordingSink : IRecordSink
{
    private readonly int _failOnBatch;
    private int _batches;

    public RecordingSink(int failOnBatch = -1)
    {
        _failOnBatch = failOnBatch;
    }

    public List<(string Key, string Value, long Index)> Messages { get; } = [];

    public bool Completed { get; private set; }

    /// <summary>The checkpoints of the steps committed, in order.</summary>
    public List<ChunkCheckpoint> Steps { get; } = [];

    /// <summary>How many messages each committed step held.</summary>
    public List<int> StepMessages { get; } = [];

    public ValueTask WriteAsync(MessageBatch batch, CancellationToken cancellationToken)
    {
        if (_batches++ == _failOnBatch)
        {
            throw new IOException("destination refused the batch");
        }

        for (int i = 0; i < batch.Count; i++)
        {
            OutboundMessage message = batch[i];
            Messages.Add((Encoding.UTF8.GetString(message.Key.Span), Encoding.UTF8.GetString(message.Value.Span), message.RecordIndex));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CommitStepAsync(ChunkCheckpoint reached, CancellationToken cancellationToken)
    {
        StepMessages.Add(Messages.Count - StepMessages.Sum());
        Steps.Add(reached);
        Completed = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
