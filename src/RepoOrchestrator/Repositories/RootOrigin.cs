namespace RepoOrchestrator.Repositories;

/// <summary>Where the repository root in effect comes from.</summary>
public enum RootOrigin
{
    /// <summary>No root: reads and repository requests answer 409 saying how to set one.</summary>
    None,

    /// <summary>ORCH_REPO_ROOT (environment, appsettings.json or command line); wins over a stored root.</summary>
    Configuration,

    /// <summary>Stored in the state store with `repo-orchestrator repos root &lt;folder&gt;`.</summary>
    State,
}
