using System.Text.Json.Serialization;

namespace RepoOrchestrator.Status;

/// <summary>`{"status":"ok"}`, or while a part of ORCH_HOME is unusable `{"status":"failing","failing":"audit_log","detail":…}` (503).</summary>
public sealed record HealthResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("failing"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Failing = null,
    [property: JsonPropertyName("detail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null);

public sealed record StatusResponse(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("uptime_seconds")] double UptimeSeconds);

public sealed record UiStatusResponse(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("uptime_seconds")] double UptimeSeconds,
    [property: JsonPropertyName("allowlist_count")] int AllowlistCount,
    [property: JsonPropertyName("last_audit_line")] string? LastAuditLine,
    [property: JsonPropertyName("service_status")] string ServiceStatus);
