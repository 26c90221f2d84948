namespace RepoOrchestrator.OpenApi;

/// <summary>What an agent needs to know about one query parameter: its meaning and the limits the service enforces.</summary>
internal sealed record OpenApiParameterDoc(
    string Description,
    int? Minimum = null,
    int? Maximum = null,
    int? MinLength = null,
    int? MaxLength = null,
    string? Pattern = null,
    IReadOnlyList<string>? Enum = null,
    bool Required = false);
