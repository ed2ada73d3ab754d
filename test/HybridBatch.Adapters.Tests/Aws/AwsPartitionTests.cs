using System.Buffers.Text;
using System.Text;
using Amazon;
using HybridBatch.Adapters.Aws;
using HybridBatch.Adapters.Batch;
using HybridBatch.Adapters.Signing;

namespace HybridBatch.Adapters.Tests.Aws;

/// <summary>
/// Issue 14, item 7: the host names this project builds itself follow the region's partition. Tested partitions: aws,
/// aws-cn and aws-us-gov, against the AWS SDK's own endpoint data as the independent reference.
/// </summary>
public sealed class AwsPartitionTests
{
    public static TheoryData<string, string, string> Regions => new()
    {
        { "us-east-1", "aws", "amazonaws.com" },
        { "eu-west-1", "aws", "amazonaws.com" },
        { "ap-southeast-2", "aws", "amazonaws.com" },
        { "cn-north-1", "aws-cn", "amazonaws.com.cn" },
        { "cn-northwest-1", "aws-cn", "amazonaws.com.cn" },
        { "us-gov-west-1", "aws-us-gov", "amazonaws.com" },
        { "us-gov-east-1", "aws-us-gov", "amazonaws.com" },
    };

    [Theory]
    [MemberData(nameof(Regions))]
    public void A_region_maps_to_its_partition_and_dns_suffix_as_the_aws_sdk_says(string region, string partition, string suffix)
    {
        AwsPartition found = AwsPartition.ForRegion(region);
        RegionEndpoint sdk = RegionEndpoint.GetBySystemName(region);

        Assert.Equal(new AwsPartition(partition, suffix), found);
        Assert.Equal(sdk.PartitionName, found.Name);
        Assert.Equal(sdk.PartitionDnsSuffix, found.DnsSuffix);
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void The_batch_endpoint_is_in_the_regions_partition(string region, string partition, string suffix)
    {
        BatchApiClientOptions options = BatchApiClientOptions.FromEnvironment(name => name == "AWS_REGION" ? region : null);

        Assert.Equal(new Uri($"https://batch.{region}.{suffix}/"), options.ResolvedEndpoint);
        Assert.NotNull(partition);
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public async Task The_msk_iam_token_signs_the_kafka_host_of_the_regions_partition(string region, string partition, string suffix)
    {
        var provider = new MskIamTokenProvider(region, new FixedCredentialsProvider(new AwsCredentials("AKIDEXAMPLE", "secret")));

        (string token, _) = await provider.GetTokenAsync(CancellationToken.None);

        string url = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        Assert.Equal($"kafka.{region}.{suffix}", provider.Endpoint.Host);
        Assert.StartsWith($"https://kafka.{region}.{suffix}/?Action=kafka-cluster%3AConnect&", url, StringComparison.Ordinal);
        Assert.Contains($"%2F{region}%2Fkafka-cluster%2Faws4_request", url, StringComparison.Ordinal);
        Assert.NotNull(partition);
    }

    [Theory]
    [InlineData("us-iso-east-1")]
    [InlineData("us-isob-east-1")]
    [InlineData("eu-isoe-west-1")]
    public void An_isolated_partition_is_refused_rather_than_guessed(string region)
    {
        var error = Assert.Throws<ArgumentException>(() => AwsPartition.ForRegion(region));

        Assert.Equal("AWS_REGION", error.ParamName);
    }
}
