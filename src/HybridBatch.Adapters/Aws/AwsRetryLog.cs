using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using HybridBatch.Core.Logging;

namespace HybridBatch.Adapters.Aws;

/// <summary>
/// Makes the AWS SDK's own retries visible: a pipeline handler placed just inside the SDK's <c>RetryHandler</c> sees
/// every attempt, and logs each one after the first with its number, to the <see cref="ILog"/> attached to the client's
/// configuration. The SDK's pipeline customizer registry is process-wide, so the handler is added once, to every client;
/// clients whose configuration has no log attached pay one table lookup per attempt and log nothing.
/// </summary>
internal sealed class AwsRetryLog : IRuntimePipelineCustomizer
{
    private static readonly ConditionalWeakTable<IClientConfig, Attached> s_logs = [];
    private static int s_registered;

    public string UniqueName => "HybridBatch.AwsRetryLog";

    /// <summary>Retries of the client built from <paramref name="config"/> go to <paramref name="log"/>; call before building it.</summary>
    public static void Attach(IClientConfig config, string service, ILog log)
    {
        s_logs.AddOrUpdate(config, new Attached(service, log));
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            RuntimePipelineCustomizerRegistry.Instance.Register(new AwsRetryLog());
        }
    }

    public void Customize(Type type, RuntimePipeline pipeline) => pipeline.AddHandlerAfter<RetryHandler>(new AttemptHandler());

    private sealed record Attached(string Service, ILog Log);

    private sealed class AttemptHandler : PipelineHandler
    {
        public override void InvokeSync(IExecutionContext executionContext)
        {
            Note(executionContext);
            base.InvokeSync(executionContext);
        }

        public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            Note(executionContext);
            return base.InvokeAsync<T>(executionContext);
        }

        private static void Note(IExecutionContext executionContext)
        {
            IRequestContext request = executionContext.RequestContext;
            if (request.Retries > 0 && s_logs.TryGetValue(request.ClientConfig, out Attached? attached))
            {
                // "PutObjectRequest" -> "PutObject", the operation's name in the API reference.
                string operation = request.OriginalRequest.GetType().Name;
                operation = operation.EndsWith("Request", StringComparison.Ordinal) ? operation[..^"Request".Length] : operation;
                attached.Log.Warning("{Service} {Operation} attempt {Attempt} after a retryable failure", attached.Service, operation, request.Retries + 1);
            }
        }
    }
}
