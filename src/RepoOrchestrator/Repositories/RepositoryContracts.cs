using System.Text.Json.Serialization;

namespace RepoOrchestrator.Repositories;

/// <summary>One folder under the root: whether it has a git folder, and when its HEAD was committed (null when unknown).</summary>
public sealed record RepositoryEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("path")] string Path)
{
    [JsonPropertyName("is_git")]
    public bool IsGit { get; init; }

    [JsonPropertyName("last_commit_at")]
    public DateTimeOffset? LastCommitAt { get; init; }
}

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
