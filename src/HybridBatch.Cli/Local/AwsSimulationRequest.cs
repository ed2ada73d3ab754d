using HybridBatch.Cli.CommandLine;

namespace HybridBatch.Cli.Local;

/// <summary>
/// <c>plan FILE --simulate aws [--records N]</c>: project an AWS run of the plan with the template's settings; with
/// <c>--records</c>, of a file of N records like this one (its bytes per record and reject rate), cut into chunks the
/// same way, so a 60-million-record run can be projected without writing 13 GB.
/// </summary>
internal sealed record AwsSimulationRequest(long? Records)
{
    public static AwsSimulationRequest? Read(CommandArguments args)
    {
        string? simulate = args.Text("simulate");
        long? records = args.Long("records");
        if (simulate is null)
        {
            return records is null ? null : throw new UsageException($"{args.Command}: --records goes with --simulate aws (it scales the plan the projection runs on)");
        }

        if (simulate != "aws")
        {
            throw new UsageException($"{args.Command}: --simulate {simulate}: the only simulation is 'aws'");
        }

        if (records is < 1)
        {
            throw new UsageException($"{args.Command}: --records must be at least 1, got {records}");
        }

        return new AwsSimulationRequest(records);
    }
}
