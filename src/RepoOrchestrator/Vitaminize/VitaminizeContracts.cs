using System.Text.Json.Serialization;

namespace RepoOrchestrator.Vitaminize;

/// <summary>`POST /ui/repos/vitaminize`: the kit files written this time (repo-relative) and the new active repository.</summary>
public sealed record VitaminizeResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_files")] IReadOnlyList<string> CreatedFiles,
    [property: JsonPropertyName("active_repo")] string ActiveRepo);
