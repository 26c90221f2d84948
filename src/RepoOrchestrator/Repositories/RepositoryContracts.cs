using System.Text.Json.Serialization;

namespace RepoOrchestrator.Repositories;

public sealed record RepositoryEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("path")] string Path);

public sealed record RepositoryList(
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("active_repo")] string? ActiveRepo,
    [property: JsonPropertyName("repos")] IReadOnlyList<RepositoryEntry> Repos);

public sealed record ActiveRepository(
    [property: JsonPropertyName("active_repo")] string? ActiveRepo);

public sealed record SelectRepositoryResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("active_repo")] string ActiveRepo);

public sealed record OpenRepositoryResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message);
