using System.Text.Json.Serialization;

namespace RepoOrchestrator.Status;

public sealed record HealthResponse([property: JsonPropertyName("status")] string Status);

public sealed record StatusResponse(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("uptime_seconds")] double UptimeSeconds);

public sealed record UiStatusResponse(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("uptime_seconds")] double UptimeSeconds,
    [property: JsonPropertyName("allowlist_count")] int AllowlistCount,
    [property: JsonPropertyName("last_audit_line")] string? LastAuditLine,
    [property: JsonPropertyName("service_status")] string ServiceStatus);
