namespace RepoOrchestrator.Repositories;

/// <summary>Whether a repository is selected, and its real path when it can be read (null: DEGRADED).</summary>
public sealed record ActiveRepositoryState(bool Selected, string? Readable)
{
    public bool IsDegraded => Selected && Readable is null;
}
