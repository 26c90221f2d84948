namespace RepoOrchestrator.Status;

/// <summary>
/// A path under the user's home written as `~/…`: a shell still reads it (in `$(cat ~/…)` too), and a page or screenshot
/// showing it does not show the user's name (as <see cref="Repositories.PathMasking"/> keeps it out of root paths).
/// </summary>
public static class HomeRelativePath
{
    public static string Of(string path, string? userHome)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrEmpty(userHome) || !Path.IsPathRooted(userHome))
        {
            return path;
        }

        var home = Path.TrimEndingDirectorySeparator(userHome);
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        // Whole components only: `/home/ann` is not a prefix of `/home/anna/…`; the file system root is never a home.
        if (home.Length <= 1 || path.Length <= home.Length + 1
            || !path.StartsWith(home, comparison) || path[home.Length] != Path.DirectorySeparatorChar)
        {
            return path;
        }

        return "~/" + path[(home.Length + 1)..].Replace(Path.DirectorySeparatorChar, '/');
    }
}
