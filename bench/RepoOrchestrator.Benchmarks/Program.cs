using BenchmarkDotNet.Running;

namespace RepoOrchestrator.Benchmarks;

/// <summary>
/// BenchmarkDotNet's switcher: `-- --filter '*'` runs everything, `-- --list flat` lists the benchmarks.
/// `-- --quick-redaction` prints redaction MB/s and per-stage times in seconds instead (no BenchmarkDotNet).
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args)
    {
        if (args is ["--quick-redaction"])
        {
            QuickRedactionTimer.Run();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
