using HybridBatch.Core.Failures;

namespace HybridBatch.Adapters.Storage;

/// <summary>
/// A path given on this machine cannot serve as what it was given for (an input that is a directory, a pipe, an
/// unreadable file; an output folder that is a file or read-only). The message names the path and the setting;
/// fixing the setting, not retrying, helps.
/// </summary>
public sealed class LocalPathException(string message, Exception? inner = null) : IOException(message, inner), IClassifiedFailure
{
    public FailureClass FailureClass => FailureClass.Configuration;
}
