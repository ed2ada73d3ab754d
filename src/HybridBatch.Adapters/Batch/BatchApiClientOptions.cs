using HybridBatch.Core.Settings;

namespace HybridBatch.Adapters.Batch;

/// <summary>Where the Batch API is, which region to sign for, and how throttling and server errors are retried.</summary>
public sealed class BatchApiClientOptions
{
    /// <summary>Region to call and sign for, e.g. <c>eu-west-1</c>. Required (<c>AWS_REGION</c>).</summary>
    public string Region { get; init; } = "";

    /// <summary>
    /// The endpoint; null for AWS's own, <c>https://batch.{Region}.{partition's DNS suffix}</c> (<see cref="Aws.AwsPartition"/>)
    /// (<c>AWS_ENDPOINT_URL_BATCH</c>, else <c>AWS_ENDPOINT_URL</c>).
    /// </summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Tries per call, the first included, for throttling (429) and server errors (5xx). Default 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Backoff cap before the first retry; doubles with every retry. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest backoff cap. Default 20 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Waits between tries. Default <see cref="Task.Delay(TimeSpan, CancellationToken)"/>; tests record instead.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>A number in [0, 1) that picks the wait within the cap (full jitter). Default <see cref="Random.Shared"/>.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>The endpoint to call: <see cref="Endpoint"/> or AWS's own for the region.</summary>
    public Uri ResolvedEndpoint => Endpoint ?? new Uri($"https://{Aws.AwsPartition.Host("batch", Region)}/");

    /// <summary>
    /// Reads <c>AWS_REGION</c>, <c>AWS_ENDPOINT_URL_BATCH</c> and <c>AWS_ENDPOINT_URL</c> through
    /// <paramref name="environment"/> (not process-wide state, so tests can run side by side) and the one settings
    /// reader: a missing or bad one is a <see cref="ConfigurationException"/> naming it.
    /// </summary>
    public static BatchApiClientOptions FromEnvironment(Func<string, string?> environment)
    {
        var settings = new SettingsReader(environment);
        Uri? endpoint = settings.HttpUrl(SettingNames.EndpointUrlBatch) ?? settings.HttpUrl(SettingNames.EndpointUrl);
        string region = settings.Text(SettingNames.Region)
            ?? throw new ConfigurationException(SettingNames.Region, "is not set: the Batch client needs a region to call and sign for");
        if (!IsRegion(region))
        {
            throw new ConfigurationException(SettingNames.Region, $"must be a region such as eu-west-1, got '{region}'");
        }

        var options = new BatchApiClientOptions { Region = region, Endpoint = endpoint };
        options.Validate();
        return options;
    }

    /// <summary>Fails with an error that names the bad setting.</summary>
    public void Validate()
    {
        if (!IsRegion(Region))
        {
            throw new ArgumentException($"BatchApiClientOptions.Region (AWS_REGION) '{Region}' is not a region", nameof(Region));
        }

        if (Endpoint is not null && (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"BatchApiClientOptions.Endpoint '{Endpoint}' must be an absolute http(s) URL", nameof(Endpoint));
        }

        if (MaxAttempts is < 1 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "BatchApiClientOptions.MaxAttempts must be between 1 and 20");
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "BatchApiClientOptions needs 0 <= BaseDelay <= MaxDelay");
        }

        ArgumentNullException.ThrowIfNull(Delay, nameof(Delay));
        ArgumentNullException.ThrowIfNull(Jitter, nameof(Jitter));
    }

    private static bool IsRegion(string region) =>
        !string.IsNullOrWhiteSpace(region) && region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
