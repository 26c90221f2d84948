using System.Text.Json.Serialization;

namespace RepoOrchestrator.Tree;

/// <summary>One listed file: its repository-relative path, its size in bytes and its line count (null when not counted).</summary>
public sealed record TreeEntry(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("lines")] int? Lines);

/// <summary>
/// A /tree page: repository-relative file paths in ordinal order (<c>files</c>, as before), the same files with size
/// and line count (<c>entries</c>), and whether more follow: <c>truncated</c> is then true and <c>next_cursor</c>
/// is what to pass as <c>cursor</c> (with the same other parameters) for the next page. <c>lines</c> is null for
/// binary files, files over ORCH_MAX_FILE_BYTES and, when the page is listed by a scan (see <c>index</c>), files past the page's
/// reading budget.
/// </summary>
public sealed record TreeResult(
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files,
    [property: JsonPropertyName("truncated")] bool Truncated)
{
    [JsonPropertyName("entries")]
    public IReadOnlyList<TreeEntry> Entries { get; init; } = [];

    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; init; }

    /// <summary>True when the page's `.gitignore` matching budget ran out and later files were listed without it.</summary>
    [JsonPropertyName("gitignore_incomplete")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool GitIgnoreIncomplete { get; init; }

    /// <summary>How the repository index served this page: ready, building, bypassed, unavailable or off (Index/IndexUse).</summary>
    [JsonPropertyName("index")]
    public string Index { get; init; } = "off";

    /// <summary>The page as positions in the index's listing when the index answered it; what <see cref="Files"/> and <see cref="Entries"/> list.</summary>
    [JsonIgnore]
    internal TreePage? Page { get; init; }
}
