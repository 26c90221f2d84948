namespace RepoOrchestrator.Configuration;

/// <summary>The folder every selectable repository lies under (ORCH_REPO_ROOT), absolute, links not yet resolved.</summary>
public sealed record RepositoryRootSettings(string RepoRoot)
{
    public static RepositoryRootSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.RepoRoot);
    }
}
