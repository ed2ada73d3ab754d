using Amazon.SQS;
using HybridBatch.Core.Logging;
using HybridBatch.Core.Processing;

namespace HybridBatch.Adapters.Sqs;

/// <summary>
/// The <c>sqs_core</c> destination: each chunk's records go to one SQS queue with SendMessageBatch, every
/// failed entry retried; FIFO queues get a deduplication id per record identity.
/// </summary>
public sealed class SqsSinkFactory : IRecordSinkFactory
{
    public const string Name = "sqs_core";

    private readonly IAmazonSQS _sqs;
    private readonly SqsSinkOptions _options;
    private readonly ILog _log;

    /// <param name="sqs">The client; the factory does not dispose it.</param>
    /// <param name="options">The queue and the limits.</param>
    /// <param name="log">Where each sink logs the entries it sends again (throttling, SQS faults); none if null.</param>
    public SqsSinkFactory(IAmazonSQS sqs, SqsSinkOptions options, ILog? log = null)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _sqs = sqs;
        _options = options;
        _log = log ?? NullLog.Instance;
    }

    public string Destination => Name;

    public ValueTask<IRecordSink> CreateAsync(ChunkContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IRecordSink>(new SqsSink(_sqs, _options, context, _log));
}
