using System.Text.Json.Serialization;

namespace RepoOrchestrator.Mcp;

/// <summary>Structured content of `read_file`: the body and what `GET /file` sends in its headers.</summary>
public sealed record McpFileContent(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("start_line")] int StartLine,
    [property: JsonPropertyName("end_line")] int EndLine,
    [property: JsonPropertyName("total_lines")] int TotalLines,
    [property: JsonPropertyName("content_sha256")] string ContentSha256,
    [property: JsonPropertyName("truncated")] bool Truncated,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("hidden_characters")] int HiddenCharacters = 0);

/// <summary>Structured content of `git_diff`.</summary>
public sealed record McpDiffContent(
    [property: JsonPropertyName("base")] string Base,
    [property: JsonPropertyName("head")] string Head,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("truncated")] bool Truncated,
    [property: JsonPropertyName("diff")] string Diff,
    [property: JsonPropertyName("hidden_characters")] int HiddenCharacters = 0);
