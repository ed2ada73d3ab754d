namespace HybridBatch.Adapters.Aws;

/// <summary>
/// The AWS partition a region belongs to, and its DNS suffix: the one place that turns a region into the host names
/// this project builds itself (the Batch API, the MSK IAM signer's host). The AWS SDK clients resolve their own
/// endpoints; the template uses <c>AWS::Partition</c> and <c>AWS::URLSuffix</c>.
/// </summary>
/// <param name="Name">The ARN's partition: <c>aws</c>, <c>aws-cn</c> or <c>aws-us-gov</c>.</param>
/// <param name="DnsSuffix">The service host suffix: <c>amazonaws.com</c>, or <c>amazonaws.com.cn</c> in China.</param>
public sealed record AwsPartition(string Name, string DnsSuffix)
{
    public static readonly AwsPartition Aws = new("aws", "amazonaws.com");

    public static readonly AwsPartition China = new("aws-cn", "amazonaws.com.cn");

    public static readonly AwsPartition GovCloud = new("aws-us-gov", "amazonaws.com");

    /// <summary>
    /// The partition of <paramref name="region"/>, by the region name as AWS's endpoint data defines it: <c>cn-*</c> is
    /// aws-cn, <c>us-gov-*</c> aws-us-gov, everything else aws. The isolated partitions (<c>us-iso*</c>,
    /// <c>eu-isoe-*</c>) have other suffixes and are refused rather than guessed: nothing here is tested there.
    /// </summary>
    public static AwsPartition ForRegion(string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        if (region.StartsWith("cn-", StringComparison.Ordinal))
        {
            return China;
        }

        if (region.StartsWith("us-gov-", StringComparison.Ordinal))
        {
            return GovCloud;
        }

        if (region.StartsWith("us-iso", StringComparison.Ordinal) || region.StartsWith("eu-isoe-", StringComparison.Ordinal))
        {
            throw new ArgumentException($"region '{region}' is in an isolated AWS partition, which this project does not support", "AWS_REGION");
        }

        return Aws;
    }

    /// <summary>The host of <paramref name="service"/>'s regional endpoint, e.g. <c>batch.cn-north-1.amazonaws.com.cn</c>.</summary>
    public static string Host(string service, string region) => $"{service}.{region}.{ForRegion(region).DnsSuffix}";
}
