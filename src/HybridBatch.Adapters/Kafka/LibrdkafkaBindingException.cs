using HybridBatch.Core.Failures;

namespace HybridBatch.Adapters.Kafka;

/// <summary>
/// The librdkafka build cannot serve this process: it does not load, is older than
/// <see cref="LibrdkafkaBinding.MinimumVersionText"/>, or lacks a function the producer calls. A deployment fault
/// (which file <c>KAFKA_LIBRDKAFKA</c> or the package ships), so it is never retried.
/// </summary>
public sealed class LibrdkafkaBindingException : Exception, IClassifiedFailure
{
    public LibrdkafkaBindingException(string libraryPath, string? export, string message, Exception? inner = null)
        : base(message, inner)
    {
        LibraryPath = libraryPath;
        Export = export;
    }

    /// <summary>The library file the process tried to bind.</summary>
    public string LibraryPath { get; }

    /// <summary>The C function that was missing, if that was the problem.</summary>
    public string? Export { get; }

    public FailureClass FailureClass => FailureClass.Configuration;
}
