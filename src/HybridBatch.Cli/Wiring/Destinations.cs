using HybridBatch.Adapters.Wiring;
using HybridBatch.Cli.CommandLine;
using HybridBatch.Core.Processing;
using HybridBatch.Core.Logging;
using HybridBatch.MockKafka;

namespace HybridBatch.Cli.Wiring;

/// <summary>The shared <see cref="SinkFactories"/>, with the CLI's usage errors.</summary>
internal static class Destinations
{
    public static IReadOnlyList<string> Names => SinkFactories.Names;

    public static void Check(string command, string destination)
    {
        if (!Names.Contains(destination))
        {
            throw new UsageException($"{command}: unknown destination '{destination}'; use one of {string.Join(", ", Names)}");
        }
    }

    /// <param name="destination">A name from <see cref="Names"/>.</param>
    /// <param name="environment">Where the destination's settings come from.</param>
    /// <param name="outputFolder">Where the <c>file</c> destination writes.</param>
    /// <param name="log">Where the destination's adapter logs (the worker's JSON log); none if null.</param>
    public static IRecordSinkFactory Create(string destination, Func<string, string?> environment, string outputFolder, ILog? log = null)
    {
        try
        {
            // A local run's Kafka may be the mock cluster (HybridBatch.MockKafka): its workers read the control topic through its markers.
            return SinkFactories.Create(destination, environment, outputFolder, log, TransactionMarkerReader.HiddenRanges);
        }
        catch (ArgumentException invalid)
        {
            throw new UsageException($"destination {destination}: {invalid.Message}");
        }
    }
}
