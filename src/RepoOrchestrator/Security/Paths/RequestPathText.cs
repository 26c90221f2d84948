namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// The text rule for a path a request names before it is joined to any folder: at most <see cref="MaxLength"/>
/// characters (the bound of <see cref="PathGuard"/> and of the MCP tools' `path` schemas) and no NUL or other control
/// character (NUL truncates a path in native code; a line break or escape sequence would forge log and audit lines).
/// Used where a request names a repository folder (<c>Repositories/RepositoryService.Resolve</c>); <see cref="PathGuard"/>
/// applies the same bound and refuses control characters per component.
/// </summary>
public static class RequestPathText
{
    public const int MaxLength = 4096;

    /// <summary>What is wrong with <paramref name="path"/>, phrased to follow "'path' must …", or null when it is acceptable.</summary>
    public static string? Refusal(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length > MaxLength)
        {
            return $"be at most {MaxLength} characters long"; // SECURITY: bounded before it reaches the file system
        }

        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                return "not contain NUL or other control characters (line breaks, tabs, escapes)"; // SECURITY: NUL truncates native paths
            }
        }

        return null;
    }
}
