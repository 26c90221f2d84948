namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// A request path the guard accepted: <see cref="RelativePath"/> as the caller named it ('/'-separated, "." for
/// the repository itself) and <see cref="FullPath"/>, the real path with every link resolved.
/// </summary>
public sealed record GuardedPath(string RelativePath, string FullPath);
