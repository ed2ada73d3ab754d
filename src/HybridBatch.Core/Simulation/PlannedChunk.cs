using HybridBatch.Core.Routing;

namespace HybridBatch.Core.Simulation;

/// <summary>What a simulation needs of one chunk of a plan: its size and the route it was given.</summary>
public sealed record PlannedChunk(int ChunkId, long Records, long Rejected, long Bytes, Route Route, int Vcpus);
