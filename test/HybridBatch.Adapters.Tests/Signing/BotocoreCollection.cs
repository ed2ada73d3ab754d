namespace HybridBatch.Adapters.Tests.Signing;

/// <summary>Shares one botocore run between the test classes that compare against it.</summary>
[CollectionDefinition(Name)]
public sealed class BotocoreCollection : ICollectionFixture<BotocoreFixture>
{
    public const string Name = "botocore";
}
