namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// A request path the guard accepted: <see cref="RelativePath"/> as the caller named it ('/'-separated, "." for
/// the repository itself), <see cref="FullPath"/>, the real path with every link resolved, and
/// <see cref="RealRelativePath"/>, that real path relative to the repository (what the allowlist checks too).
/// </summary>
public sealed record GuardedPath(string RelativePath, string FullPath, string RealRelativePath);
