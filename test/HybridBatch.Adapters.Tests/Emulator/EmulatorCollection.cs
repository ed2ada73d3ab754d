namespace HybridBatch.Adapters.Tests.Emulator;

/// <summary>Tests that share one emulator process.</summary>
[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "emulator";
}
