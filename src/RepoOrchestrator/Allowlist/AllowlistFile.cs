using System.Globalization;
using System.Text.Json;

namespace RepoOrchestrator.Allowlist;

/// <summary>One entry as the file holds it: a path (relative to the active repository, or absolute) and its expiry.</summary>
public sealed record AllowlistFileEntry(string Path, DateTimeOffset ExpiresAt);

/// <summary>
/// The allowlist file (SPEC 6): `{"paths":[{"path","expires_at"}]}`, or the legacy `{"timestamp","paths":[…]}` whose
/// entries are valid for ORCH_ALLOWLIST_TTL seconds after the timestamp. Read throws on a malformed file
/// (<see cref="IsMalformed"/>); Write always writes the current format, whole, through a temporary file renamed over
/// the old one, so a reader never sees half a file and a link at the path is replaced, never written through.
/// </summary>
public static class AllowlistFile
{
    public static IReadOnlyList<AllowlistFileEntry> Read(string path, int ttlSeconds)
    {
#pragma warning disable RS0030 // owner: the allowlist file
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
#pragma warning restore RS0030
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("no 'paths' array");
        }

        if (root.TryGetProperty("timestamp", out var ts))
        {
            var expires = DateTimeOffset.FromUnixTimeMilliseconds((long)(ts.GetDouble() * 1000)).AddSeconds(ttlSeconds);
            return [.. paths.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => new AllowlistFileEntry(p.GetString()!, expires))];
        }

        var entries = new List<AllowlistFileEntry>();
        foreach (var item in paths.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object
                && item.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String
                && item.TryGetProperty("expires_at", out var e) && e.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiresAt))
            {
                entries.Add(new AllowlistFileEntry(p.GetString()!, expiresAt));
            }
        }

        return entries;
    }

    /// <summary>Whether <paramref name="failure"/> from <see cref="Read"/> means the file is malformed or unreadable.</summary>
    public static bool IsMalformed(Exception failure) =>
        failure is JsonException or IOException or UnauthorizedAccessException or FormatException
            or InvalidOperationException or ArgumentOutOfRangeException or OverflowException;

    public static void Write(string path, IEnumerable<AllowlistFileEntry> entries)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = System.IO.Path.Join(folder, $".{System.IO.Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // SECURITY: the operator's file, 0600
        }

        try
        {
#pragma warning disable RS0030 // owner: the allowlist file
            using (var stream = new FileStream(temp, options))
#pragma warning restore RS0030
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteStartArray("paths");
                foreach (var entry in entries)
                {
                    json.WriteStartObject();
                    json.WriteString("path", entry.Path);
                    json.WriteString("expires_at", entry.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp); // nothing to delete once renamed; a failed write leaves no stray file
        }
    }
}
