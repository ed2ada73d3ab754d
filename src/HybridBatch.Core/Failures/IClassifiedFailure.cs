namespace HybridBatch.Core.Failures;

/// <summary>
/// An exception that knows its own <see cref="FailureClass"/>. Core cannot see the adapters' and hosts' exception
/// types, and their class often depends on what they carry (an HTTP status, a broker error code), which they
/// read best themselves; <see cref="FailureTaxonomy"/> asks them first.
/// </summary>
public interface IClassifiedFailure
{
    FailureClass FailureClass { get; }
}
