using System.Collections;

namespace HybridBatch.Cli.Tests;

/// <summary>
/// The environment for a child <c>hybridbatch</c>: every inherited variable the CLI reads (Kafka, AWS, S3, SQS,
/// destination) removed, then the test's own settings. A developer's shell settings cannot change a test's outcome.
/// </summary>
internal static class HermeticEnvironment
{
    private static readonly string[] s_prefixes = ["KAFKA_", "AWS_", "S3_", "SQS_", "RECORD_DESTINATION", "BATCH_PROCESSING_THRESHOLD", "STEP_", "HYBRIDBATCH_"];

    public static Dictionary<string, string?> With(params (string Name, string Value)[] settings)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            string name = (string)entry.Key;
            if (s_prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                environment[name] = null;
            }
        }

        foreach ((string name, string value) in settings)
        {
            environment[name] = value;
        }

        return environment;
    }
}
