namespace RepoOrchestrator.Tree;

/// <summary>
/// One /tree or list_tree request: the folder (relative to the repository, "." by default), how deep to go, whether
/// `.gitignore` hides what it ignores (default yes) and the cursor of the page to continue from.
/// </summary>
public sealed record TreeRequest(string? Path, int MaxDepth = 3, bool GitIgnore = true, string? Cursor = null);
