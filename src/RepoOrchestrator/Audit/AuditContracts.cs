using System.Text.Json.Serialization;

namespace RepoOrchestrator.Audit;

/// <summary>`GET /ui/audit`: the lines as written (oldest first) and, in the same order, their fields for a table.</summary>
public sealed record AuditLinesResponse([property: JsonPropertyName("lines")] IReadOnlyList<string> Lines)
{
    [JsonPropertyName("entries")]
    public IReadOnlyList<AuditEntry> Entries { get; init; } = [];
}

/// <summary>One audit line's fields (null where the line has none); `actor` is the token name, `actor_id` name and fingerprint.</summary>
public sealed record AuditEntry(
    [property: JsonPropertyName("time")] DateTimeOffset? Time,
    [property: JsonPropertyName("level")] string? Level,
    [property: JsonPropertyName("op")] string? Operation,
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("range")] string? Range,
    [property: JsonPropertyName("actor")] string? Actor,
    [property: JsonPropertyName("actor_id")] string? ActorId,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("client")] string? Client,
    [property: JsonPropertyName("line")] string Line)
{
    [JsonPropertyName("mcp_client")]
    public string? McpClient { get; init; }

    [JsonPropertyName("repo")]
    public string? Repository { get; init; }
}
