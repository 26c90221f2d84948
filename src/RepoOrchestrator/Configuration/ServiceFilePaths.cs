namespace RepoOrchestrator.Configuration;

/// <summary>
/// Where the service's own files are (the paths only, never a token): snapshots, token files, allowlist, audit log
/// state database and the OAuth server's folder. They are never served, listed or searched, even when ORCH_HOME lies inside a repository.
/// </summary>
public sealed record ServiceFilePaths(
    string SnapshotFolder,
    string TokenFile,
    string ActionsTokenFile,
    string AllowlistPath,
    string AuditLogPath,
    string StateDatabasePath,
    string OAuthFolder = "")
{
    public static ServiceFilePaths From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.SnapshotDirectory, o.TokenFile, o.ActionsTokenFile, o.AllowlistPath, o.AuditLogPath, o.StateDatabasePath, o.OAuthFolder);
    }
}
