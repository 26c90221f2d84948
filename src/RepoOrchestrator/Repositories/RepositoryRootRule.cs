using RepoOrchestrator.Security.Paths;

namespace RepoOrchestrator.Repositories;

/// <summary>
/// What a repository root may not be, whether it comes from ORCH_REPO_ROOT or from `repos root &lt;folder&gt;`: the file
/// system's root (every folder of the machine would be listed), or the service's home or a folder inside it (its
/// tokens, audit log and state would sit among the repositories). Both are compared with links resolved.
/// </summary>
public static class RepositoryRootRule
{
    /// <param name="realRoot">The root with its links resolved.</param>
    /// <param name="home">The service's home (ORCH_HOME), links not yet resolved.</param>
    /// <returns>Why the folder cannot be the root (a sentence), or null when it can.</returns>
    public static string? Refusal(string realRoot, string home)
    {
        ArgumentNullException.ThrowIfNull(realRoot);
        ArgumentNullException.ThrowIfNull(home);
        // SECURITY: never the whole file system as the root.
        if (string.Equals(Path.TrimEndingDirectorySeparator(Path.GetPathRoot(realRoot) ?? ""), Path.TrimEndingDirectorySeparator(realRoot), PathContainment.Comparison))
        {
            return "The file system's root cannot be the repository root (every folder of the machine would be listed); name the folder that holds your repositories.";
        }

        string realHome;
        try
        {
            realHome = PathContainment.ResolveRealPath(home) ?? Path.GetFullPath(home);
        }
        catch (IOException)
        {
            realHome = Path.GetFullPath(home);
        }

        // SECURITY: the service's own files (tokens, audit log, state) are never under the root as a repository.
        return PathContainment.IsWithinOrEqual(realHome, realRoot)
            ? "The repository root cannot be the service's home (ORCH_HOME) or a folder inside it; name the folder that holds your repositories."
            : null;
    }
}
