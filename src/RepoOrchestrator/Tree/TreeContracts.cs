using System.Text.Json.Serialization;

namespace RepoOrchestrator.Tree;

/// <summary>The /tree answer: repository-relative file paths in ordinal order, and whether the 2000-entry cap cut it.</summary>
public sealed record TreeResult(
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files,
    [property: JsonPropertyName("truncated")] bool Truncated);
