using System.Text.Json.Serialization;

namespace RepoOrchestrator.Files;

/// <summary>
/// One file of a batch: served (<c>status</c> 200 with the window, its content and facts), failed (<c>status</c> and
/// <c>detail</c>, as /file would have answered), or not read because the batch's byte budget was spent
/// (<c>status</c> 0, <c>skipped</c> true, and a <c>detail</c> saying how to read it).
/// </summary>
public sealed record FileBatchEntry(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null,
    [property: JsonPropertyName("start_line"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? StartLine = null,
    [property: JsonPropertyName("end_line"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? EndLine = null,
    [property: JsonPropertyName("total_lines"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TotalLines = null,
    [property: JsonPropertyName("truncated"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Truncated = null,
    [property: JsonPropertyName("next_start_line"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? NextStartLine = null,
    [property: JsonPropertyName("sha256"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sha256 = null,
    [property: JsonPropertyName("hidden_characters"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? HiddenCharacters = null,
    [property: JsonPropertyName("skipped"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Skipped = null,
    [property: JsonPropertyName("content"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content = null);

/// <summary>The /files answer: one entry per requested file, in request order, and the batch's byte budget (ORCH_MAX_BYTES).</summary>
public sealed record FileBatchResult(
    [property: JsonPropertyName("files")] IReadOnlyList<FileBatchEntry> Files,
    [property: JsonPropertyName("budget_bytes")] int BudgetBytes,
    [property: JsonPropertyName("truncated")] bool Truncated);
