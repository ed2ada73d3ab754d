using HybridBatch.Adapters.Aws;
using HybridBatch.Core.Failures;
using HybridBatch.Core.Settings;
using HybridBatch.Adapters.Wiring;

namespace HybridBatch.Adapters.Tests.Aws;

public class AwsEndpointsTests
{
    [Fact]
    public void Service_specific_endpoints_win_over_the_shared_one()
    {
        var settings = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
            ["AWS_ENDPOINT_URL_SQS"] = "http://127.0.0.1:9324",
        };

        AwsEndpoints endpoints = AwsEndpoints.FromEnvironment(name => settings.GetValueOrDefault(name));

        Assert.Equal("eu-west-1", endpoints.Region);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), endpoints.S3ServiceUrl);
        Assert.Equal(new Uri("http://127.0.0.1:9324"), endpoints.SqsServiceUrl);
        Assert.True(endpoints.CreateS3Config().ForcePathStyle);
        Assert.StartsWith("http://127.0.0.1:9324", endpoints.CreateSqsConfig().ServiceURL);
        Assert.Equal("eu-west-1", endpoints.CreateSqsConfig().AuthenticationRegion);
    }

    [Fact]
    public void Without_endpoints_the_clients_go_to_the_region()
    {
        AwsEndpoints endpoints = AwsEndpoints.FromEnvironment(_ => null);

        Assert.Equal("us-east-1", endpoints.Region);
        Assert.Null(endpoints.S3ServiceUrl);
        Assert.Equal(Amazon.RegionEndpoint.USEast1, endpoints.CreateS3Config().RegionEndpoint);
        Assert.False(endpoints.CreateS3Config().ForcePathStyle);
    }

    [Fact]
    public void A_bad_endpoint_names_its_variable()
    {
        // Read through the catalog's reader: a configuration failure (exit 2), no longer a bare ArgumentException (exit 3).
        var error = Assert.Throws<ConfigurationException>(() => AwsEndpoints.FromEnvironment(name => name == "AWS_ENDPOINT_URL_S3" ? "not a url" : null));
        Assert.Equal("AWS_ENDPOINT_URL_S3", error.Setting);
        Assert.Equal("AWS_ENDPOINT_URL_S3 must be an absolute http(s) URL, got 'not a url'", error.Message);
        Assert.Equal(FailureClass.Configuration, FailureTaxonomy.Classify(error));
    }

    [Fact]
    public void The_services_own_endpoint_wins_and_the_shared_one_is_then_not_read()
    {
        AwsEndpoints endpoints = AwsEndpoints.FromEnvironment(name => name switch
        {
            "AWS_ENDPOINT_URL_S3" => "http://127.0.0.1:9000",
            "AWS_ENDPOINT_URL_SQS" => "http://127.0.0.1:9001",
            "AWS_ENDPOINT_URL" => "not a url",
            _ => null,
        });

        Assert.Equal(new Uri("http://127.0.0.1:9000/"), endpoints.S3ServiceUrl);
        Assert.Equal(new Uri("http://127.0.0.1:9001/"), endpoints.SqsServiceUrl);
        Assert.Equal("AWS_ENDPOINT_URL", Assert.Throws<ConfigurationException>(() => AwsAccess.SqsClient(name => name == "AWS_ENDPOINT_URL" ? "not a url" : null)).Setting);
    }
}
