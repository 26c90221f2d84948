namespace RepoOrchestrator.Search;

/// <summary>
/// One /search or MCP search request as the caller wrote it (validated by <see cref="SearchQuery"/> and
/// <see cref="SearchService"/>): the text or regular expression, how to match it, which files, and where to resume.
/// </summary>
public sealed record SearchRequest(string? Query, string? Extension = null)
{
    /// <summary>Query is a regular expression (linear-time engine) instead of literal text.</summary>
    public bool Regex { get; init; }

    public bool CaseSensitive { get; init; } = true;

    /// <summary>Served lines before and after each hit, 0 to <see cref="SearchService.MaxContextLines"/>.</summary>
    public int ContextLines { get; init; }

    /// <summary>Only files matching one of these globs (none: every file).</summary>
    public IReadOnlyList<string> Globs { get; init; } = [];

    /// <summary>No file matching one of these globs.</summary>
    public IReadOnlyList<string> ExcludeGlobs { get; init; } = [];

    /// <summary>Leave out what the repository's `.gitignore` files ignore (as /tree does).</summary>
    public bool GitIgnore { get; init; } = true;

    public string? Cursor { get; init; }
}
