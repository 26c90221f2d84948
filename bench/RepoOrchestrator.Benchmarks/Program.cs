using BenchmarkDotNet.Running;

namespace RepoOrchestrator.Benchmarks;

/// <summary>
/// BenchmarkDotNet's switcher: `-- --filter '*'` runs everything, `-- --list flat` lists the benchmarks.
/// `-- --quick-redaction` prints redaction MB/s and per-stage times in seconds instead (no BenchmarkDotNet);
/// `-- --quick-redaction <folder>` does so over the text files of a folder (a generated corpus), one call per file.
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

        if (args is ["--quick-redaction", var folder])
        {
            QuickRedactionTimer.RunOnFolder(folder);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
