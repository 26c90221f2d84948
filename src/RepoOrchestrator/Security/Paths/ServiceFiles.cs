using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Security.Paths;

/// <summary>
/// The service's own files (tokens, audit log and its backups, state database, allowlist, snapshots, the OAuth folder). They are
/// never served, listed or searched, even when ORCH_HOME lies inside the active repository (the launcher kit
/// starts the service from inside a repository).
/// </summary>
public sealed class ServiceFiles(ServiceFilePaths paths)
{
    private readonly Lazy<Resolved> _resolved = new(() => Resolve(paths));

    /// <summary>True when <paramref name="realPath"/> (links resolved) is one of the service's own files.</summary>
    public bool IsServiceOwned(string realPath)
    {
        ArgumentNullException.ThrowIfNull(realPath);
        var r = _resolved.Value;
        if (r.Folders.Any(folder => PathContainment.IsWithinOrEqual(folder, realPath)))
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

    /// <summary>
    /// True when (<paramref name="device"/>, <paramref name="inode"/>) is one of the service's own files as they
    /// are on disk right now: tokens, allowlist, the audit log with its backups and lock, the state database with
    /// its -wal/-shm/-journal files, every snapshot. Read fresh on each call (new snapshots and rotations appear
    /// at any time); called only for files with more than one link, so an ordinary read costs nothing. Fails
    /// closed: a service folder that cannot be read counts as a match.
    /// </summary>
    public bool IsServiceIdentity(ulong device, ulong inode)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var r = _resolved.Value;
        try
        {
            return r.ExactFiles.Any(f => Same(f, device, inode))
                || r.PrefixFiles.Any(p => Folder(Path.GetDirectoryName(p), Path.GetFileName(p)).Any(f => Same(f, device, inode)))
                || r.Folders.Any(folder => Folder(folder, "").Any(f => Same(f, device, inode)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true; // SECURITY: fail closed when a service folder cannot be listed
        }
    }

    private static bool Same(string path, ulong device, ulong inode)
    {
        var id = LinuxFileStatus.LStat(path);
        return id.Kind != FileKind.Missing && id.Device == device && id.Inode == inode;
    }

    /// <summary>The entries of <paramref name="folder"/> whose names start with <paramref name="prefix"/>; none when the folder is absent.</summary>
    private static IEnumerable<string> Folder(string? folder, string prefix)
    {
        if (string.IsNullOrEmpty(folder) || folder == "\0" || !Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { IgnoreInaccessible = false, RecurseSubdirectories = false })
            .Where(p => Path.GetFileName(p).StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
    }

    private static Resolved Resolve(ServiceFilePaths o) => new(
        [Real(o.SnapshotFolder), Real(o.OAuthFolder)],
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

    private sealed record Resolved(string[] Folders, string[] ExactFiles, string[] PrefixFiles);
}
