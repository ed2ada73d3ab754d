using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using HybridBatch.Adapters.Aws;
using HybridBatch.Adapters.Batch;
using HybridBatch.Adapters.Kafka;
using HybridBatch.Adapters.Sqs;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Records;
using HybridBatch.Core.Schema;
using HybridBatch.Core.Storage;
using HybridBatch.Functions.Hosting;

namespace HybridBatch.Functions.Runtime;

/// <summary>
/// Maps an exception to the error type the state machine sees. Only what is known to pass with time is
/// <see cref="ErrorTypes.Transient"/>; anything unknown keeps its .NET type name and is not retried.
/// </summary>
internal static class ErrorClassifier
{
    public static string Classify(Exception exception) => exception switch
    {
        ConfigurationException => ErrorTypes.Configuration,
        InvalidEventException or JsonException or SchemaLoadException or SchemaMismatchException or FormatException => ErrorTypes.ValidationFailed,
        ChunkDataException or ObjectChangedException or InputFormatException or SqsPublishException => ErrorTypes.ChunkFailed,
        KafkaPublishException => ErrorTypes.Transient,
        BatchApiException batch => IsTransientStatus(batch.StatusCode) ? ErrorTypes.Transient : ErrorTypes.ChunkFailed,
        S3StoreException s3 => s3.StatusCode == HttpStatusCode.Forbidden ? ErrorTypes.Configuration
            : IsTransientStatus((int)s3.StatusCode) ? ErrorTypes.Transient : ErrorTypes.ChunkFailed,
        FileNotFoundException => ErrorTypes.ValidationFailed,

        // A use case refusing its request (a route for another chunk, an empty run id): the event was wrong.
        ArgumentException => ErrorTypes.ValidationFailed,
        AmazonServiceException aws => IsTransientStatus((int)aws.StatusCode) ? ErrorTypes.Transient : ErrorTypes.Configuration,
        IOException or HttpRequestException or TimeoutException or OperationCanceledException or AmazonClientException => ErrorTypes.Transient,
        _ => exception.GetType().FullName ?? exception.GetType().Name,
    };

    private static bool IsTransientStatus(int status) => status is 0 or 408 or 429 or >= 500;
}
