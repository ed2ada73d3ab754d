// Two namespaces that depend on each other on purpose, so the architecture test can show that the metadata reader finds
// a cycle in a real assembly (this test assembly, which no rule covers): one edge is only in a method body, the other
// only in a generic signature.
namespace HybridBatch.Deploy.Tests.Architecture.Probe.Left
{
    internal static class LeftUser
    {
        public static object Make() => new Right.RightCounter();
    }

    internal sealed record LeftItem(int Value);
}

namespace HybridBatch.Deploy.Tests.Architecture.Probe.Right
{
    internal sealed class RightCounter
    {
        public static int Count(IEnumerable<Left.LeftItem> items) => items.Count();
    }
}
