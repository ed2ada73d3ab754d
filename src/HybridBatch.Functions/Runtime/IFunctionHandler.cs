namespace HybridBatch.Functions.Runtime;

/// <summary>One handler of <c>bootstrap</c>: the event's JSON in, the answer's JSON out.</summary>
internal interface IFunctionHandler
{
    Task<byte[]> HandleAsync(byte[] input, InvocationContext context, CancellationToken cancellationToken);
}
