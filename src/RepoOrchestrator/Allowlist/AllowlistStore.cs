using RepoOrchestrator.Configuration;

namespace RepoOrchestrator.Allowlist;

/// <summary>
/// Reads ORCH_ALLOWLIST_PATH in either format of SPEC 6 — `{"paths":[{"path","expires_at"}]}` or the legacy
/// `{"timestamp", "paths":[…]}` valid for ORCH_ALLOWLIST_TTL — and returns the entries still valid now,
/// relative to the active repository. Entries that escape the repository are dropped. A malformed file is an
/// empty allowlist, logged once per change of the file, never a crash. The parsed file is cached by its
/// timestamp and size.
/// </summary>
public sealed partial class AllowlistStore(AllowlistSettings settings, TimeProvider time, ILogger<AllowlistStore> logger)
{
    private readonly Lock _gate = new();
    private (DateTime Written, long Length) _stamp = (DateTime.MinValue, -2);
    private IReadOnlyList<AllowlistFileEntry> _raw = [];

    /// <summary>The valid entries for <paramref name="activeRepo"/> (a real, absolute path), or none without one.</summary>
    public IReadOnlyList<AllowlistEntry> Current(string? activeRepo)
    {
        if (activeRepo is null)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var result = new List<AllowlistEntry>();
        foreach (var raw in Load())
        {
            if (raw.ExpiresAt <= now || Normalize(activeRepo, raw.Path) is not { } relative)
            {
                continue;
            }

            var type = Directory.Exists(Path.Combine(activeRepo, relative)) ? "dir" : "file";
            result.Add(new AllowlistEntry(relative.Length == 0 ? "." : relative, type, raw.ExpiresAt));
        }

        return result;
    }

    /// <summary>The match rule over the entries valid now (<see cref="AllowlistFilter"/>: the only implementation).</summary>
    public AllowlistFilter Filter(string activeRepo) => new(Current(activeRepo));

    /// <summary>Lexically normalises an entry to a path relative to the repo ('' for the repo itself); null when it escapes or is malformed.</summary>
    internal static string? Normalize(string activeRepo, string entry)
    {
        if (entry.Length == 0 || entry.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        string full;
        try
        {
            full = Path.GetFullPath(entry, activeRepo);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }

        if (!Security.Paths.PathContainment.IsWithinOrEqual(activeRepo, full))
        {
            return null; // SECURITY: an allowlist entry never reaches outside the active repository
        }

        return Path.GetRelativePath(activeRepo, full) is "." ? "" : Path.GetRelativePath(activeRepo, full).Replace('\\', '/');
    }

    private IReadOnlyList<AllowlistFileEntry> Load()
    {
        var info = new FileInfo(settings.Path);
        var stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1L);
        lock (_gate)
        {
            if (stamp == _stamp)
            {
                return _raw;
            }

            _raw = info.Exists ? Parse(settings.Path) : [];
            _stamp = stamp;
            return _raw;
        }
    }

    private IReadOnlyList<AllowlistFileEntry> Parse(string path)
    {
        try
        {
            return AllowlistFile.Read(path, settings.TtlSeconds);
        }
        catch (Exception ex) when (AllowlistFile.IsMalformed(ex))
        {
            LogMalformed(logger, ex.GetType().Name);
            return [];
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "The allowlist file is malformed ({Error}); using an empty allowlist until it is fixed")]
    private static partial void LogMalformed(ILogger logger, string error);

}
