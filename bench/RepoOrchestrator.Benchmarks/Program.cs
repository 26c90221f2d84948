using BenchmarkDotNet.Running;

namespace RepoOrchestrator.Benchmarks;

/// <summary>BenchmarkDotNet's switcher: `-- --filter '*'` runs everything, `-- --list flat` lists the benchmarks.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
