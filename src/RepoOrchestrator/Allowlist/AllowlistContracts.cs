using System.Text.Json.Serialization;

namespace RepoOrchestrator.Allowlist;

/// <summary>One allowlisted path, relative to the active repository ('/' separated).</summary>
public sealed record AllowlistEntry(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt);

public sealed record AllowlistResponse(
    [property: JsonPropertyName("paths")] IReadOnlyList<AllowlistEntry> Paths);

/// <summary>`DELETE /ui/allowlist`: how many entries named the path.</summary>
public sealed record AllowlistRemoved(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("removed")] int Removed);
