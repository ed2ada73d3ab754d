using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Storage;
using HybridBatch.Core.Validation;

namespace HybridBatch.Core.Splitting;

/// <summary>What to split: the input object, its schema and format, where the run's files go, and the limits.</summary>
public sealed record SplitRequest(ObjectLocation Source, RecordSchema Schema, InputFormat Format, string WorkBucket, SplitOptions Split, GateOptions Gate);
