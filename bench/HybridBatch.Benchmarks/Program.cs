using BenchmarkDotNet.Running;

namespace HybridBatch.Benchmarks;

/// <summary>Run with: dotnet run -c Release --project bench/HybridBatch.Benchmarks -- --filter '*'</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
