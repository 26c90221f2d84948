namespace RepoOrchestrator.Configuration;

/// <summary>
/// The service's home when ORCH_HOME is not set: the platform's per-user state folder, never the working directory
/// (a checkout's `git clean -xfd` would delete the tokens and the audit log, and its parent folder would become the
/// repository root). Linux and macOS: `$XDG_STATE_HOME/repo-orchestrator`, else `~/.local/state/repo-orchestrator`
/// (a relative XDG_STATE_HOME is ignored, as the XDG Base Directory specification says); Windows:
/// `%LOCALAPPDATA%\repo-orchestrator`. The validator creates it with mode 0700 and tightens it when it is looser.
/// </summary>
public static class DefaultHome
{
    public const string FolderName = "repo-orchestrator";

    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <param name="isWindows">The platform (tests pass their own).</param>
    /// <returns>The absolute folder, or null when the platform names no per-user folder (no HOME, no LOCALAPPDATA).</returns>
    public static string? Resolve(Func<string, string?> environment, bool isWindows)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (isWindows)
        {
            return Absolute(environment("LOCALAPPDATA")) is { } local ? Path.Join(local, FolderName) : null;
        }

        if (Absolute(environment("XDG_STATE_HOME")) is { } state)
        {
            return Path.Join(state, FolderName);
        }

        return Absolute(environment("HOME")) is { } home ? Path.Join(home, ".local", "state", FolderName) : null;
    }

    /// <summary>The folder for this process: its environment, then the OS's idea of the user's folders.</summary>
    public static string? ForThisProcess()
    {
        var found = Resolve(Environment.GetEnvironmentVariable, OperatingSystem.IsWindows());
        if (found is not null)
        {
            return found;
        }

        var fallback = OperatingSystem.IsWindows()
            ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Absolute(fallback) is not { } folder ? null
            : OperatingSystem.IsWindows() ? Path.Join(folder, FolderName) : Path.Join(folder, ".local", "state", FolderName);
    }

    private static string? Absolute(string? value) =>
        string.IsNullOrWhiteSpace(value) || !Path.IsPathFullyQualified(value.Trim()) ? null : Path.GetFullPath(value.Trim());
}
