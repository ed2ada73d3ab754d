using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Tests.Support;

/// <summary>Checkpoints to commit steps with, in tests that drive a sink directly.</summary>
internal static class Checkpoints
{
    /// <summary>Step <paramref name="step"/> (1-based) of <paramref name="context"/>'s chunk, reaching <paramref name="nextIndex"/>.</summary>
    public static ChunkCheckpoint Step(ChunkContext context, int step = 1, long nextIndex = 1, long published = 1) => new()
    {
        RunId = context.RunId,
        ChunkId = context.ChunkId,
        Step = step,
        NextIndex = nextIndex,
        ByteOffset = nextIndex * 10,
        NextLine = nextIndex + 1,
        Records = nextIndex,
        Published = published,
        Skipped = nextIndex - published,
    };
}
