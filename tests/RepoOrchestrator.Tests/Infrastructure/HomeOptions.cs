using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Tests.Infrastructure;

/// <summary>Options for a service whose repository root is <c>root</c> and whose home and service files lie in <c>root/home</c>.</summary>
public static class HomeOptions
{
    public static OrchestratorOptions Under(TempDirectory root) => new()
    {
        Home = root.Combine("home"),
        RepoRoot = root.Path,
        AllowlistPath = root.Combine("home", "allowed_paths.json"),
        AuditLogPath = root.Combine("home", "logs", "orchestrator_audit.log"),
        TokenFile = root.Combine("home", ".orch_token"),
        ActionsTokenFile = root.Combine("home", ".orch_actions_token"),
    };
}
