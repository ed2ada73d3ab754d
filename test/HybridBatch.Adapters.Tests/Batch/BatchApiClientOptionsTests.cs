using HybridBatch.Adapters.Batch;
using HybridBatch.Core.Settings;

namespace HybridBatch.Adapters.Tests.Batch;

public sealed class BatchApiClientOptionsTests
{
    [Fact]
    public void Endpoint_is_aws_own_for_the_region_by_default()
    {
        BatchApiClientOptions options = BatchApiClientOptions.FromEnvironment(Env(("AWS_REGION", "eu-west-1")));

        Assert.Equal(new Uri("https://batch.eu-west-1.amazonaws.com/"), options.ResolvedEndpoint);
    }

    [Fact]
    public void Batch_endpoint_variable_wins_over_the_shared_one()
    {
        BatchApiClientOptions options = BatchApiClientOptions.FromEnvironment(Env(("AWS_REGION", "eu-west-1"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), ("AWS_ENDPOINT_URL_BATCH", "http://127.0.0.1:9000")));
        BatchApiClientOptions shared = BatchApiClientOptions.FromEnvironment(Env(("AWS_REGION", "eu-west-1"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")));

        Assert.Equal(new Uri("http://127.0.0.1:9000/"), options.ResolvedEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:4566/"), shared.ResolvedEndpoint);
    }

    [Fact]
    public void Missing_region_and_bad_endpoint_name_the_setting()
    {
        // Configuration failures from the catalog's reader, named by their setting.
        ConfigurationException noRegion = Assert.Throws<ConfigurationException>(() => BatchApiClientOptions.FromEnvironment(Env()));
        ConfigurationException badUrl = Assert.Throws<ConfigurationException>(() => BatchApiClientOptions.FromEnvironment(Env(("AWS_REGION", "eu-west-1"), ("AWS_ENDPOINT_URL_BATCH", "batch.local"))));
        ConfigurationException badRegion = Assert.Throws<ConfigurationException>(() => BatchApiClientOptions.FromEnvironment(Env(("AWS_REGION", "EU West 1"))));

        Assert.Equal("AWS_REGION", noRegion.Setting);
        Assert.Equal("AWS_ENDPOINT_URL_BATCH", badUrl.Setting);
        Assert.Equal("AWS_REGION must be a region such as eu-west-1, got 'EU West 1'", badRegion.Message);
    }

    [Fact]
    public void Retry_settings_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchApiClientOptions { Region = "eu-west-1", MaxAttempts = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchApiClientOptions { Region = "eu-west-1", BaseDelay = TimeSpan.FromSeconds(30) }.Validate());
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;
}
