namespace HybridBatch.Functions.Events;

/// <summary>
/// The Distributed Map's limits, from the function's settings (<c>MAP_MAX_CONCURRENCY</c>,
/// <c>TOLERATED_FAILURE_PERCENTAGE</c>), returned with every split answer so the state machine reads them through
/// <c>MaxConcurrencyPath</c> / <c>ToleratedFailurePercentagePath</c>.
/// </summary>
internal sealed record MapSettings(int MaxConcurrency, double ToleratedFailurePercentage);
