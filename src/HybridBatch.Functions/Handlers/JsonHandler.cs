using HybridBatch.Core.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HybridBatch.Core;
using HybridBatch.Functions.Events;
using HybridBatch.Functions.Runtime;

namespace HybridBatch.Functions.Handlers;

/// <summary>A handler with a typed event and answer, both (de)serialized by source-generated contracts.</summary>
internal abstract class JsonHandler<TInput, TOutput> : IFunctionHandler
    where TInput : class
{
    private readonly JsonTypeInfo<TInput> _input;
    private readonly JsonTypeInfo<TOutput> _output;

    protected JsonHandler(JsonTypeInfo<TInput> input, JsonTypeInfo<TOutput> output)
    {
        _input = input;
        _output = output;
    }

    public async Task<byte[]> HandleAsync(byte[] input, InvocationContext context, CancellationToken cancellationToken)
    {
        TInput request;
        try
        {
            request = JsonSerializer.Deserialize(input, _input) ?? throw new InvalidEventException("the event is null");
        }
        catch (JsonException invalid)
        {
            throw new InvalidEventException($"the event is not a valid {typeof(TInput).Name}: {invalid.Message}", invalid);
        }

        TOutput result = await HandleAsync(request, context, cancellationToken).ConfigureAwait(false);
        return MinimalJsonEncoder.SerializeToUtf8Bytes(result, _output);
    }

    protected abstract Task<TOutput> HandleAsync(TInput input, InvocationContext context, CancellationToken cancellationToken);
}
