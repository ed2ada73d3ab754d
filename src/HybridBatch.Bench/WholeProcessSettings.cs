namespace HybridBatch.Bench;

/// <summary>What the whole-process part of a bench run measures.</summary>
/// <param name="Records">Records of the generated file.</param>
/// <param name="PythonRecords">The Python baseline reads at most this many of them (it is slow).</param>
/// <param name="Repetitions">Each child process and ajv run this many times, interleaved; the best counts.</param>
/// <param name="LargeRecords">With <c>--large</c>: records of the file timed with <c>run --destination file</c>.</param>
/// <param name="AjvCacheRoot">Where the ajv fixture is installed (and found again by later runs).</param>
public sealed record WholeProcessSettings(long Records, long PythonRecords, int Repetitions, long? LargeRecords, string AjvCacheRoot);
