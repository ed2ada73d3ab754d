using HybridBatch.Adapters.Aws;

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
        var error = Assert.Throws<ArgumentException>(() => AwsEndpoints.FromEnvironment(name => name == "AWS_ENDPOINT_URL_S3" ? "not a url" : null));
        Assert.Equal("AWS_ENDPOINT_URL_S3", error.ParamName);
    }
}
