using System.Text.Json.Serialization;

namespace RepoOrchestrator.Search;

/// <summary>One matching line: repository-relative file, 1-based line number, the line redacted.</summary>
public sealed record SearchHit(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("content")] string Content)
{
    /// <summary>Invisible characters this line (and its context) shows as &lt;U+XXXX&gt;; summed into <see cref="SearchResult.HiddenCharacters"/>.</summary>
    [JsonIgnore]
    public int HiddenCharacters { get; init; }

    /// <summary>ChatGPT connectors' document id (`repo:path#Lline`, Reading/DocumentId): pass it to the fetch tool.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>`path:line`, for a list of results.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>The HTTP read of these lines at the service's public address (needs a token like every read).</summary>
    [JsonPropertyName("url")]
    public string? Url { get; init; }

    /// <summary>With context_lines: the served lines just before the hit (fewer at the top of the file).</summary>
    [JsonPropertyName("context_before")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ContextBefore { get; init; }

    /// <summary>With context_lines: the served lines just after the hit (fewer at the end of the file).</summary>
    [JsonPropertyName("context_after")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ContextAfter { get; init; }
}

/// <summary>
/// A file the search left out although it may hold hits: its redaction did not finish, so none of its lines are
/// served. <see cref="Reason"/> is <c>redaction-budget</c>.
/// </summary>
public sealed record SearchSkip(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>
/// The /search answer: at most 50 hits ordered by file then line, and whether more exist; when they do,
/// <c>next_cursor</c> is what to pass as <c>cursor</c> (with the same other parameters) for the next page. <c>skipped</c> lists files
/// left out because redacting them would exceed the redaction budget (read them with /file and a line range);
/// <c>partial</c> is true when the search stopped before every file was searched. When the request's redaction
/// budget stopped it, <c>next_cursor</c> is set (with <c>truncated</c> false) and the next page searches on from
/// the first file this one did not finish, so following it searches every file once. Both were added without
/// changing the older fields; a client that ignores them still never sees unredacted text, only fewer hits.
/// </summary>
public sealed record SearchResult(
    [property: JsonPropertyName("results")] IReadOnlyList<SearchHit> Results,
    [property: JsonPropertyName("truncated")] bool Truncated,
    [property: JsonPropertyName("skipped")] IReadOnlyList<SearchSkip> Skipped,
    [property: JsonPropertyName("partial")] bool Partial)
{
    /// <summary>Invisible Unicode characters in the served lines, each shown as &lt;U+XXXX&gt; (Security/HiddenText).</summary>
    [JsonPropertyName("hidden_characters")]
    public int HiddenCharacters => Results.Sum(r => r.HiddenCharacters);

    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; init; }

    /// <summary>How the repository index served this page: ready, building, bypassed, unavailable or off (Index/IndexUse).</summary>
    [JsonPropertyName("index")]
    public string Index { get; init; } = "off";
}
