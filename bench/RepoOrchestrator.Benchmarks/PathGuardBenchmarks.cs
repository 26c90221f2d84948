using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Benchmarks;

/// <summary>The path guard on the paths a /file request sends: a nested file, and refusals decided lexically.</summary>
[MemoryDiagnoser]
public class PathGuardBenchmarks
{
    private string _root = "";
    private string _repo = "";
    private PathGuard _guard = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("orch-bench-").FullName;
        _repo = Path.Combine(_root, "repo");
        var folder = Path.Combine(_repo, "src", "core", "engine");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "request_pipeline.py"), "def main():\n    return 1\n");
        _repo = PathContainment.ResolveRealPath(_repo)!;
        var options = new OrchestratorOptions
        {
            Home = Path.Combine(_root, "home"),
            RepoRoot = _root,
            AuditLogPath = Path.Combine(_root, "home", "logs", "orchestrator_audit.log"),
            AllowlistPath = Path.Combine(_root, "home", "allowed_paths.json"),
            TokenFile = Path.Combine(_root, "home", ".orch_token"),
            ActionsTokenFile = Path.Combine(_root, "home", ".orch_actions_token"),
        };
        _guard = new PathGuard(PathPolicy.From(options), new ServiceFiles(ServiceFilePaths.From(options)), NullLogger<PathGuard>.Instance);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Baseline = true)]
    public GuardedPath NestedFile() => _guard.ResolveFile(_repo, "src/core/engine/request_pipeline.py").Value;

    [Benchmark]
    public bool TraversalRefused() => Refused("src/../../etc/passwd");

    [Benchmark]
    public bool DeniedExtensionRefused() => Refused("config/prod.pem");

    private bool Refused(string path) => !_guard.ResolveFile(_repo, path).Succeeded;
}
