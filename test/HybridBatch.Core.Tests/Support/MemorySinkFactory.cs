using HybridBatch.Core.Processing;

namespace HybridBatch.Core.Tests.Support;

/// <summary>Hands out recording sinks and keeps the completed ones' messages per chunk.</summary>
internal sealed class MemorySinkFactory : IRecordSinkFactory
{
    public string Destination => "memory";

    public Dictionary<int, RecordingSink> Sinks { get; } = [];

    public ValueTask<IRecordSink> CreateAsync(ChunkContext context, CancellationToken cancellationToken)
    {
        var sink = new RecordingSink();
        Sinks[context.ChunkId] = sink;
        return ValueTask.FromResult<IRecordSink>(sink);
    }
}
