namespace HybridBatch.Cli; internal static class Program { private static int Main() => 0; }
