using BenchmarkDotNet.Running;

namespace HybridBatch.Benchmarks;

/// <summary>
/// Run with: dotnet run -c Release --project bench/HybridBatch.Benchmarks -- --filter '*'
/// On a loaded machine wall-clock figures swing too much to compare: <c>stage NAME COUNT</c> runs one
/// <see cref="StageBenchmarks"/> method COUNT times and nothing else, for <c>perf stat -e cycles:u</c> (CPU cycles
/// spent, whatever else runs): the difference between two counts divided by their difference is one run's cost.
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        if (args is ["stage", string name, string count])
        {
            var stages = new StageBenchmarks();
            stages.Setup();
            System.Reflection.MethodInfo method = typeof(StageBenchmarks).GetMethod(name)
                ?? throw new ArgumentException($"no stage named {name}");
            for (int i = 0; i < int.Parse(count, System.Globalization.CultureInfo.InvariantCulture); i++)
            {
                method.Invoke(stages, null);
            }

            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
