using System.Text.Json;
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
    private IReadOnlyList<RawEntry> _raw = [];

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

    /// <summary>Lexically normalises an entry to a path relative to the repo; null when it escapes or is malformed.</summary>
    private static string? Normalize(string activeRepo, string entry)
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

    private IReadOnlyList<RawEntry> Load()
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

    private IReadOnlyList<RawEntry> Parse(string path)
    {
        try
        {
#pragma warning disable RS0030 // owner: the allowlist store owns its file under ORCH_HOME
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
#pragma warning restore RS0030
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("no 'paths' array");
            }

            if (root.TryGetProperty("timestamp", out var ts))
            {
                // Legacy format: a list of strings valid for ORCH_ALLOWLIST_TTL seconds after the timestamp.
                var expires = DateTimeOffset.FromUnixTimeMilliseconds((long)(ts.GetDouble() * 1000)).AddSeconds(settings.TtlSeconds);
                return paths.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String)
                    .Select(p => new RawEntry(p.GetString()!, expires)).ToList();
            }

            var entries = new List<RawEntry>();
            foreach (var item in paths.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String
                    && item.TryGetProperty("expires_at", out var e) && e.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(e.GetString(), System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.AssumeUniversal, out var expiresAt))
                {
                    entries.Add(new RawEntry(p.GetString()!, expiresAt));
                }
            }

            return entries;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or FormatException
            or InvalidOperationException or ArgumentOutOfRangeException or OverflowException)
        {
            LogMalformed(logger, ex.GetType().Name);
            return [];
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "The allowlist file is malformed ({Error}); using an empty allowlist until it is fixed")]
    private static partial void LogMalformed(ILogger logger, string error);

    private sealed record RawEntry(string Path, DateTimeOffset ExpiresAt);
}
