namespace HybridBatch.Functions.Tests.Support;

/// <summary>Tests that share one <see cref="FunctionWorld"/> (one emulator process, one fake Batch).</summary>
[CollectionDefinition(Name)]
public sealed class FunctionWorldCollection : ICollectionFixture<FunctionWorld>
{
    public const string Name = "function-world";
}
