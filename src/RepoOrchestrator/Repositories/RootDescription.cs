namespace RepoOrchestrator.Repositories;

/// <summary>The repository root in words, the same in the start-up banner and in `repos root`.</summary>
public static class RootDescription
{
    /// <summary>How to set a root, for an operator: the banner, `repos root`, /status and the dashboard.</summary>
    public const string HowToSet = "set ORCH_REPO_ROOT=<folder> and restart, or run 'repo-orchestrator repos root <folder>' "
        + "(kept in the state store; a running service uses it from its next request)";

    /// <summary>One line: the root and where it comes from, or that none is set and how to set one.</summary>
    public static string Line(RepositoryRootState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Origin switch
        {
            RootOrigin.Configuration when state.Stored is not null && !string.Equals(state.Stored, state.Path, StringComparison.Ordinal) =>
                $"Repository root: {state.Path} (from ORCH_REPO_ROOT, which wins over the root stored with 'repos root': {state.Stored})",
            RootOrigin.Configuration => $"Repository root: {state.Path} (from ORCH_REPO_ROOT)",
            RootOrigin.State => $"Repository root: {state.Path} (set with 'repos root', kept in the state store)",
            _ => $"Repository root: none set; reads answer 409 until one is: {HowToSet}",
        };
    }
}
