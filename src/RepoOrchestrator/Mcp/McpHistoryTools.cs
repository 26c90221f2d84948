using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RepoOrchestrator.Git;
using RepoOrchestrator.History;
using RepoOrchestrator.Repositories;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// History tools (issue 18), each mirroring one HTTP endpoint through the same service: git_log (/git/log) and git_show
/// (/git/show) and git_blame (/git/blame). Audit operations are prefixed `MCP_`.
/// </summary>
[McpServerToolType]
internal sealed class McpHistoryTools(GitLogService log, GitShowService show, GitCommitService commits, GitBlameService blame, McpToolRunner runner)
{
    [McpServerTool(Name = McpToolNames.GitLog, Title = "Commit history", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Lists commits of the active repository, newest first: id, author, date, subject (secrets redacted). " +
        "Give `path` for the commits touching a file or folder (it may no longer exist). When `next_cursor` is set, pass it as " +
        "`cursor` (same path) for the next page. Like GET /git/log.")]
    public Task<CallToolResult> GitLog(
        [Description("Only commits touching this path, relative to the repository root (optional).")]
        [MaxLength(HistoryPaths.MaxPathLength)]
        string? path = null,
        [Description("Branch, tag or commit to start from (default `HEAD`).")]
        [MinLength(1)]
        [MaxLength(GitRefName.MaxLength)]
        [RegularExpression(GitRefName.Pattern)]
        string @ref = "HEAD",
        [Description("Commits per page, 1 to 100 (default 20).")]
        [Range(1, GitLogService.MaxMaxCount)]
        int max_count = GitLogService.DefaultMaxCount,
        [Description("`next_cursor` of the previous page (optional).")]
        [MaxLength(200)]
        string? cursor = null,
        [Description(RequestedRepository.Description)]
        [MaxLength(RequestedRepository.MaxLength)]
        string? repo = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync(McpToolNames.GitLog, async () =>
        {
            var caller = McpCaller.From(user, repo);
            return McpToolResults.From(await log.LogAsync(path, @ref, max_count, cursor, caller.Actor, McpCaller.AuditPrefix, cancellationToken), result =>
                McpToolResults.Structured(result, McpToolResults.TruncationNote(result.Truncated, "more commits: call again with cursor = next_cursor")));
        });

    [McpServerTool(Name = McpToolNames.GitShow, Title = "File or commit at a ref", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("With `path`: lines start_line..end_line of a file as it was at a ref (branch, tag, commit), secrets replaced by " +
        "[REDACTED]; refused paths as for read_file; long ranges end with `# ... [TRUNCATED] ...`. Without `path`: the commit " +
        "(author, date, message) and its changed files (`mode` stat, default) or its patch (`mode` patch), redacted. Like GET /git/show.")]
    public Task<CallToolResult> GitShow(
        [Description("File path relative to the repository root, e.g. `src/app.py`; leave out to show the commit itself.")]
        [MaxLength(HistoryPaths.MaxPathLength)]
        string? path = null,
        [Description("Branch, tag or commit (default `HEAD`).")]
        [MinLength(1)]
        [MaxLength(GitRefName.MaxLength)]
        [RegularExpression(GitRefName.Pattern)]
        string @ref = "HEAD",
        [Description("With path: first line to return, 1-based (default 1).")]
        [Range(1, int.MaxValue)]
        int start_line = 1,
        [Description("With path: last line to return, inclusive (default: as many as the line limit allows).")]
        [Range(1, int.MaxValue)]
        int? end_line = null,
        [Description("Without path: `stat` (default) lists the changed files, `patch` adds the patch.")]
        [AllowedValues("stat", "patch")]
        string? mode = null,
        [Description(RequestedRepository.Description)]
        [MaxLength(RequestedRepository.MaxLength)]
        string? repo = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync(McpToolNames.GitShow, async () =>
        {
            var caller = McpCaller.From(user, repo);
            if (GitShowService.ArgumentsRefusal(path, start_line != 1 || end_line is not null, mode) is { } refused)
            {
                return McpToolResults.Error(refused);
            }

            if (string.IsNullOrEmpty(path))
            {
                return McpToolResults.From(await commits.ShowCommitAsync(@ref, mode, caller.Actor, McpCaller.AuditPrefix, cancellationToken), commit =>
                    McpToolResults.Content(commit, commit.Text(),
                        $"commit {commit.Commit} at {commit.Ref}; {McpToolResults.HiddenNote(commit.HiddenCharacters)}; " +
                        McpToolResults.TruncationNote(commit.Truncated,
                            "the changes reached the size limit: use mode stat, or read each changed file with git_show path and ref, or git_diff with the parent")));
            }

            return McpToolResults.From(await show.ShowAsync(@ref, path, start_line, end_line, caller.Actor, McpCaller.AuditPrefix, cancellationToken), read =>
            {
                var summary = string.Create(CultureInfo.InvariantCulture,
                    $"{read.Path} at {read.Ref} ({read.Commit}): lines {read.StartLine}-{read.EndLine} of {read.TotalLines}; sha256 {read.ContentSha256}; ") +
                    McpToolResults.TruncationNote(read.Truncated, "ask for the next lines with start_line");
                return McpToolResults.Content(
                    new McpGitShowContent(read.Ref, read.Commit, read.Path, read.StartLine, read.EndLine, read.TotalLines, read.ContentSha256, read.Truncated, read.Body),
                    read.Body,
                    summary);
            });
        });

    [McpServerTool(Name = McpToolNames.GitBlame, Title = "Blame lines", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("For lines start_line..end_line of a file at a ref: the commit that last changed each line, its author and date, " +
        "and the line (secrets redacted). Like GET /git/blame.")]
    public Task<CallToolResult> GitBlame(
        [Description("File path relative to the repository root, e.g. `src/app.py`.")]
        [MinLength(1)]
        [MaxLength(HistoryPaths.MaxPathLength)]
        string path,
        [Description("First line, 1-based (default 1).")]
        [Range(1, int.MaxValue)]
        int start_line = 1,
        [Description("Last line, inclusive (default: as many as the line limit allows).")]
        [Range(1, int.MaxValue)]
        int? end_line = null,
        [Description("Branch, tag or commit (default `HEAD`).")]
        [MinLength(1)]
        [MaxLength(GitRefName.MaxLength)]
        [RegularExpression(GitRefName.Pattern)]
        string @ref = "HEAD",
        [Description(RequestedRepository.Description)]
        [MaxLength(RequestedRepository.MaxLength)]
        string? repo = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync(McpToolNames.GitBlame, async () =>
        {
            var caller = McpCaller.From(user, repo);
            return McpToolResults.From(await blame.BlameAsync(@ref, path, start_line, end_line, caller.Actor, McpCaller.AuditPrefix, cancellationToken), result =>
                McpToolResults.Structured(result, McpToolResults.TruncationNote(result.Truncated, "ask for the next lines with start_line")));
        });
}

/// <summary>Structured content of `git_show`: the body and what `GET /git/show` sends in its headers.</summary>
public sealed record McpGitShowContent(
    [property: JsonPropertyName("ref")] string Ref,
    [property: JsonPropertyName("commit")] string Commit,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("start_line")] int StartLine,
    [property: JsonPropertyName("end_line")] int EndLine,
    [property: JsonPropertyName("total_lines")] int TotalLines,
    [property: JsonPropertyName("content_sha256")] string ContentSha256,
    [property: JsonPropertyName("truncated")] bool Truncated,
    [property: JsonPropertyName("content")] string Content);
