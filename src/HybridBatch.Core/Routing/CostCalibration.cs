using System.Text.Json.Serialization;

namespace HybridBatch.Core.Routing;

/// <summary>Where a cost model's throughputs were measured, so a report can say what its estimates rest on.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CostCalibration
{
    /// <summary>When <c>hybridbatch calibrate</c> measured them.</summary>
    public required DateTimeOffset MeasuredAt { get; init; }

    /// <summary>The machine: operating system, processor architecture and model when known.</summary>
    public required string Machine { get; init; }

    /// <summary>Cores the machine had; the figures are per core, measured on one thread each.</summary>
    public required int Cores { get; init; }

    /// <summary>Generated orders records (~200 bytes each) each figure was measured on.</summary>
    public required long Records { get; init; }

    /// <summary>Destinations whose publishing was measured (keys of <see cref="CostModelOptions.PublishRecordsPerSecondPerCore"/>).</summary>
    public required IReadOnlyList<string> Destinations { get; init; }

    /// <summary>What else a reader should know (e.g. "the machine was shared", "SQS: no endpoint configured").</summary>
    public string? Note { get; init; }
}
