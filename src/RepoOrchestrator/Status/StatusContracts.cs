using System.Text.Json.Serialization;

namespace RepoOrchestrator.Status;

/// <summary>`{"status":"ok"}`, or while a part of ORCH_HOME is unusable `{"status":"failing","failing":"audit_log","detail":…}` (503).</summary>
public sealed record HealthResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("failing"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Failing = null,
    [property: JsonPropertyName("detail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null);

/// <summary>
/// Version, uptime and the repository root: `root_set`, the root itself (user names masked; admin only, null for the
/// read-only token) and, while no root is set, `root_hint` saying how to set one (null otherwise).
/// </summary>
public sealed record StatusResponse(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("uptime_seconds")] double UptimeSeconds,
    [property: JsonPropertyName("root_set")] bool RootSet,
    [property: JsonPropertyName("root")] string? Root,
    [property: JsonPropertyName("root_hint")] string? RootHint);

public sealed record UiStatusResponse(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("uptime_seconds")] double UptimeSeconds,
    [property: JsonPropertyName("allowlist_count")] int AllowlistCount,
    [property: JsonPropertyName("last_audit_line")] string? LastAuditLine,
    [property: JsonPropertyName("service_status")] string ServiceStatus,
    [property: JsonPropertyName("root_hint")] string? RootHint)
{
    /// <summary>Whether panic mode (lockdown) is on: the dashboard's status tile turns red on it.</summary>
    [JsonPropertyName("panic_mode")]
    public bool PanicMode { get; init; }

    /// <summary>How this process runs: `systemd`, `windows-service` or `foreground` (the service's own view, never the caller's User-Agent).</summary>
    [JsonPropertyName("run_mode")]
    public string RunMode { get; init; } = "foreground";

    /// <summary>`RUNNING`, `DEGRADED` (active repository unreadable) or `LOCKDOWN`, without the caller's client suffix.</summary>
    [JsonPropertyName("state")]
    public string State { get; init; } = "RUNNING";

    /// <summary>The address agents connect to: ORCH_PUBLIC_URL, which defaults to the listen address (admin only; null for other roles).</summary>
    [JsonPropertyName("service_url")]
    public string? ServiceUrl { get; init; }

    /// <summary>Whether OAuth 2.1 guards `/mcp`, so hosted connectors can sign in (admin only; null for other roles).</summary>
    [JsonPropertyName("oauth_enabled")]
    public bool? OAuthEnabled { get; init; }

    /// <summary>
    /// Where the read-only token is kept, for the "Connect an agent" page's commands: its file, with the user's home
    /// written as `~`; null when it comes from ORCH_ACTIONS_TOKEN, and for other roles (admin only). Never the token.
    /// </summary>
    [JsonPropertyName("actions_token_file")]
    public string? ActionsTokenFile { get; init; }

    /// <summary>
    /// The active repository's index (Index/): state (building, ready, failed, none without an active repository, off),
    /// files indexed, bytes on disk and how long its last build or load took (admin only; null for other roles).
    /// </summary>
    [JsonPropertyName("index")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Index.IndexStatus? Index { get; init; }
}
