namespace HybridBatch.Cli.Bench;

/// <summary>One timed <c>run --destination file</c> of a large generated file.</summary>
internal sealed record LargeRun(long Records, long Bytes, double Seconds);
