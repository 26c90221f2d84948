namespace RepoOrchestrator.Configuration;

/// <summary>
/// The folder every selectable repository lies under (ORCH_REPO_ROOT), absolute, links not yet resolved; null when
/// ORCH_REPO_ROOT is not set (the root is then the one stored with `repos root`, or none).
/// </summary>
public sealed record RepositoryRootSettings(string? RepoRoot)
{
    public static RepositoryRootSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.RepoRoot);
    }
}
