using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// The service's own files (tokens, audit log and its backups, state database, allowlist, snapshots). They are
/// never served, listed or searched, even when ORCH_HOME lies inside the active repository (the launcher kit
/// starts the service from inside a repository).
/// </summary>
public sealed class ServiceFiles(OrchestratorOptions options)
{
    private readonly Lazy<Resolved> _resolved = new(() => Resolve(options));

    /// <summary>True when <paramref name="realPath"/> (links resolved) is one of the service's own files.</summary>
    public bool IsServiceOwned(string realPath)
    {
        ArgumentNullException.ThrowIfNull(realPath);
        var r = _resolved.Value;
        if (PathContainment.IsWithinOrEqual(r.SnapshotFolder, realPath))
        {
            return true;
        }

        foreach (var exact in r.ExactFiles)
        {
            if (string.Equals(exact, realPath, PathContainment.Comparison))
            {
                return true;
            }
        }

        // The audit log's backups and lock, and the database's -wal/-shm/-journal files, share the name as a prefix.
        foreach (var prefix in r.PrefixFiles)
        {
            if (realPath.StartsWith(prefix, PathContainment.Comparison))
            {
                return true;
            }
        }

        return false;
    }

    private static Resolved Resolve(OrchestratorOptions o) => new(
        Real(o.SnapshotDirectory),
        [Real(o.TokenFile), Real(o.ActionsTokenFile), Real(o.AllowlistPath)],
        [Real(o.AuditLogPath), Real(o.StateDatabasePath)]);

    /// <summary>The real path of a file that may not exist yet: its folder's links resolved, the name kept.</summary>
    private static string Real(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "\0"; // matches nothing
        }

        var full = Path.GetFullPath(path);
        try
        {
            if (PathContainment.ResolveRealPath(full) is { } real)
            {
                return real;
            }

            var folder = Path.GetDirectoryName(full);
            var realFolder = folder is null ? null : PathContainment.ResolveRealPath(folder);
            return realFolder is null ? full : Path.Join(realFolder, Path.GetFileName(full));
        }
        catch (IOException)
        {
            return full;
        }
    }

    private sealed record Resolved(string SnapshotFolder, string[] ExactFiles, string[] PrefixFiles);
}
