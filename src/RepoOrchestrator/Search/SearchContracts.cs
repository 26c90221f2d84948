using System.Text.Json.Serialization;

namespace RepoOrchestrator.Search;

/// <summary>One matching line: repository-relative file, 1-based line number, the line redacted.</summary>
public sealed record SearchHit(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("content")] string Content);

/// <summary>The /search answer: at most 50 hits ordered by file then line, and whether more exist.</summary>
public sealed record SearchResult(
    [property: JsonPropertyName("results")] IReadOnlyList<SearchHit> Results,
    [property: JsonPropertyName("truncated")] bool Truncated);
