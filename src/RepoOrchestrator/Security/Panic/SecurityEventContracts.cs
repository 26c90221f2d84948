using System.Text.Json.Serialization;

namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// One recorded security event; `timestamp` is ISO-8601 UTC (the first of its events), `payload_hash` a SHA-256 hex
/// (never a token or a body), `count` how many identical events from one client within a second it stands for.
/// </summary>
public sealed record SecurityEvent(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("payload_hash")] string PayloadHash,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("correlation_id")] string? CorrelationId,
    [property: JsonPropertyName("resolved")] bool Resolved,
    [property: JsonPropertyName("count")] long Count = 1);

public sealed record SecurityEventsResponse(
    [property: JsonPropertyName("panic_mode")] bool PanicMode,
    [property: JsonPropertyName("events")] IReadOnlyList<SecurityEvent> Events);

public sealed record ResolveSecurityResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("panic_mode")] bool PanicMode,
    [property: JsonPropertyName("resolved_events")] int ResolvedEvents);

/// <summary>What recording one event did: its id, the unresolved events of its type in the window, and whether it turned panic mode on.</summary>
public sealed record PanicRecordResult(long EventId, int CountInWindow, bool TurnedPanicOn);

/// <summary>What resolving or dismissing one event did: `change` is `resolved` or `dismissed`.</summary>
public sealed record SecurityEventChange(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("change")] string Change);
