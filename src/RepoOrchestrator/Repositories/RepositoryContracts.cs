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

/// <summary>
/// The repository root in effect (links resolved; null when none), where it comes from, and the root stored with
/// `repos root` (which ORCH_REPO_ROOT overrides when both are set).
/// </summary>
public sealed record RepositoryRootState(string? Path, RootOrigin Origin, string? Stored);
