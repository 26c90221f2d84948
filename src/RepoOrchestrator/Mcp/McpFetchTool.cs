using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Serialization;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Files;
using RepoOrchestrator.Reading;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// `fetch`, the other half of ChatGPT connectors' search/fetch contract: takes the `id` of a search hit
/// (<see cref="DocumentId"/>: repository, path, line) and returns `{id, title, text, url, metadata}`, where text is a
/// page of the file from a few lines before that line, read exactly as read_file reads it (scope, guard, allowlist,
/// snapshot, redaction, hidden characters, cap, audit) in the repository the id names.
/// </summary>
[McpServerToolType]
internal sealed class McpFetchTool(FileReadService files, NetworkSettings network, McpToolRunner runner)
{
    /// <summary>Lines shown before the hit's line, so the hit is read in context.</summary>
    public const int LeadLines = 10;

    [McpServerTool(Name = McpToolNames.Fetch, Title = "Fetch a search result", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Returns the document behind a search result's `id` (`repo:path#Lline`): {id, title, text, url, metadata}, where text is " +
        "a page of the file (secrets replaced by [REDACTED]) starting a few lines before that line. For ChatGPT connectors; read_file reads any range.")]
    public Task<CallToolResult> Fetch(
        [Description("The `id` of a search result, e.g. `app:src/app.py#L12` (repository:path, optionally #L and a line).")]
        [MinLength(3)]
        [MaxLength(DocumentId.MaxLength)]
        string id,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync(McpToolNames.Fetch, async () =>
        {
            if (!DocumentId.TryParse(id, out var repository, out var path, out var line))
            {
                McpCaller.From(user);
                return McpToolResults.Error(Problem.BadRequest("Argument 'id' is not a search result id: use the `id` of a search hit, e.g. app:src/app.py#L12."));
            }

            // SECURITY: the id's repository is a read's `repo`: resolved under the root and held to the token's scope.
            var caller = McpCaller.From(user, repository);
            var start = Math.Max(1, line - LeadLines);
            return McpToolResults.From(
                await files.ReadAsync(new FileReadRequest(path, start, null, caller.Actor, McpCaller.AuditPrefix), cancellationToken),
                read =>
                {
                    var body = read.Body();
                    var document = new FetchedDocument(id, $"{read.Path}:{line}", body, DocumentId.Url(network.PublicUrl, repository, read.Path, start),
                        new FetchedMetadata(repository, read.Path, read.StartLine, read.EndLine, read.TotalLines, read.Truncated, read.ContentSha256, read.HiddenCharacters));
                    return McpToolResults.Structured(document,
                        McpToolResults.HiddenNote(read.HiddenCharacters),
                        McpToolResults.TruncationNote(read.Truncated, $"the page ends at line {read.EndLine} of {read.TotalLines}: read on with read_file, repo \"{repository}\", path and start_line={read.EndLine + 1}"));
                });
        });

    /// <summary>What ChatGPT connectors expect fetch to return.</summary>
    internal sealed record FetchedDocument(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("url")] string Url,
        [property: JsonPropertyName("metadata")] FetchedMetadata Metadata);

    internal sealed record FetchedMetadata(
        [property: JsonPropertyName("repo")] string Repository,
        [property: JsonPropertyName("path")] string Path,
        [property: JsonPropertyName("start_line")] int StartLine,
        [property: JsonPropertyName("end_line")] int EndLine,
        [property: JsonPropertyName("total_lines")] int TotalLines,
        [property: JsonPropertyName("truncated")] bool Truncated,
        [property: JsonPropertyName("content_sha256")] string ContentSha256,
        [property: JsonPropertyName("hidden_characters")] int HiddenCharacters);
}
