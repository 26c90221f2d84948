using System.Text.Json.Serialization;

namespace RepoOrchestrator.ServiceControl;

/// <summary>
/// The answer of `/ui/service/*`: `status` is `success`, or `headless` when the OS was not contacted;
/// `state` is the manager's word for the service (status only).
/// </summary>
public sealed record ServiceControlResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("manager")] string Manager,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("message")] string Message);
