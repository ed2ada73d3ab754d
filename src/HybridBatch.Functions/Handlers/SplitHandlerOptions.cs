using HybridBatch.Core.Splitting;
using HybridBatch.Core.Validation;
using HybridBatch.Functions.Events;

namespace HybridBatch.Functions.Handlers;

/// <summary>The split function's settings, read by <see cref="Hosting.FunctionSettings"/>.</summary>
internal sealed record SplitHandlerOptions(string WorkBucket, string? Schema, SplitOptions Split, GateOptions Gate, MapSettings Map);
