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
    [property: JsonPropertyName("root_hint")] string? RootHint);
