using System.Text.Json.Serialization;

namespace HybridBatch.Adapters.Batch;

// The request and response shapes of the botocore model (batch/2016-08-10/service-2.json) that the client
// uses, trimmed to the members it reads or writes. Internal: Core's records are the public face.

internal sealed class SubmitJobInput
{
    public string JobName { get; set; } = "";

    public string JobQueue { get; set; } = "";

    public string JobDefinition { get; set; } = "";

    public Dictionary<string, string>? Parameters { get; set; }

    public ContainerOverridesWire? ContainerOverrides { get; set; }

    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class ContainerOverridesWire
{
    public List<ResourceRequirementWire>? ResourceRequirements { get; set; }
}

internal sealed class ResourceRequirementWire
{
    public string Type { get; set; } = "";

    public string Value { get; set; } = "";
}

internal sealed class SubmitJobOutput
{
    public string? JobArn { get; set; }

    public string? JobName { get; set; }

    public string? JobId { get; set; }
}

internal sealed class DescribeJobsInput
{
    public List<string> Jobs { get; set; } = [];
}

internal sealed class DescribeJobsOutput
{
    public List<JobDetailWire>? Jobs { get; set; }
}

internal sealed class JobDetailWire
{
    public string? JobArn { get; set; }

    public string? JobName { get; set; }

    public string? JobId { get; set; }

    public string? JobQueue { get; set; }

    public string? Status { get; set; }

    public string? StatusReason { get; set; }

    public long? CreatedAt { get; set; }

    public long? StartedAt { get; set; }

    public long? StoppedAt { get; set; }

    public List<AttemptDetailWire>? Attempts { get; set; }

    public Dictionary<string, string>? Parameters { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public ContainerDetailWire? Container { get; set; }
}

internal sealed class ContainerDetailWire
{
    public int? ExitCode { get; set; }

    public string? Reason { get; set; }

    public List<ResourceRequirementWire>? ResourceRequirements { get; set; }
}

internal sealed class AttemptDetailWire
{
    public ContainerDetailWire? Container { get; set; }

    public long? StartedAt { get; set; }

    public long? StoppedAt { get; set; }

    public string? StatusReason { get; set; }
}

internal sealed class TerminateJobInput
{
    public string JobId { get; set; } = "";

    public string Reason { get; set; } = "";
}

internal sealed class EmptyOutput
{
}

internal sealed class ListJobsInput
{
    public string? JobQueue { get; set; }

    public string? JobStatus { get; set; }

    public List<KeyValuesPairWire>? Filters { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class KeyValuesPairWire
{
    public string Name { get; set; } = "";

    public List<string> Values { get; set; } = [];
}

internal sealed class ListJobsOutput
{
    public List<JobSummaryWire>? JobSummaryList { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class JobSummaryWire
{
    public string? JobId { get; set; }

    public string? JobName { get; set; }

    public string? Status { get; set; }

    public string? StatusReason { get; set; }

    public long? CreatedAt { get; set; }
}

/// <summary>An error body: <c>{"__type": "...", "message": "..."}</c>, some services spell them <c>code</c> and <c>Message</c>.</summary>
internal sealed class ErrorBodyWire
{
    [JsonPropertyName("__type")]
    public string? Type { get; set; }

    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("Message")]
    public string? MessageUpper { get; set; }
}
