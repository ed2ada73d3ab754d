namespace HybridBatch.Functions.Tests.Support;

/// <summary>A run of the sample object in buckets of its own, after its split.</summary>
public sealed record SampleRun(string IncomingBucket, string WorkBucket, string RunId, Invoked Split);
