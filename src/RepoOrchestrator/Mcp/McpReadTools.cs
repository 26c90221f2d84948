using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RepoOrchestrator.Diff;
using RepoOrchestrator.Files;
using RepoOrchestrator.Git;
using RepoOrchestrator.Reading;
using RepoOrchestrator.Search;
using RepoOrchestrator.Status;
using RepoOrchestrator.Tree;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Mcp;

/// <summary>
/// Read tools (SPEC 10, both roles). Each mirrors one HTTP endpoint and calls the same service, so paths,
/// snapshots, redaction, caps and audit are exactly those of the endpoint (audit operations prefixed `MCP_`).
/// Argument names are the endpoints' query names (snake_case), so one vocabulary serves both doors.
/// </summary>
[McpServerToolType]
internal sealed class McpReadTools(
    StatusService status,
    TreeService tree,
    FileReadService files,
    SearchService search,
    DiffService diff,
    McpToolRunner runner)
{
    [McpServerTool(Name = McpToolNames.GetStatus, Title = "Service status", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Version and uptime of the Repo Orchestrator, and whether a repository root is set (like GET /status). Use it to check the connection.")]
    public Task<CallToolResult> GetStatus(ClaimsPrincipal? user = null) =>
        runner.RunAsync(McpToolNames.GetStatus, () =>
        {
            var caller = McpCaller.From(user);
            return McpToolResults.Structured(status.Status(caller.Role == OrchestratorRole.Admin));
        });

    [McpServerTool(Name = McpToolNames.ListTree, Title = "List files", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Lists files of the active repository under a folder: sorted relative paths with size in bytes and line count, " +
        "source and text files only, skipping .git, dependency and build folders, dot-folders and what .gitignore ignores; " +
        "pages of at most 2000 entries continued with cursor. Like GET /tree.")]
    public Task<CallToolResult> ListTree(
        [Description("Folder relative to the repository root; `.` (the default) is the root.")]
        [MaxLength(4096)]
        string path = ".",
        [Description("How many folder levels to descend: 0 lists only the folder itself (default 3).")]
        [Range(0, TreeService.MaxDepthLimit)]
        int max_depth = 3,
        [Description("Leave out what the repository's .gitignore files ignore (default true); false lists everything else allowed.")]
        bool gitignore = true,
        [Description("The next_cursor of the previous page, to continue the listing.")]
        [MaxLength(PageCursor.MaxLength)]
        string? cursor = null,
        [Description(RequestedRepository.Description)]
        [MaxLength(RequestedRepository.MaxLength)]
        string? repo = null,
        ClaimsPrincipal? user = null) =>
        runner.RunAsync(McpToolNames.ListTree, async () =>
        {
            var caller = McpCaller.From(user, repo);
            return McpToolResults.From(await tree.ListAsync(new TreeRequest(path, max_depth, gitignore, cursor), caller.Actor, McpCaller.AuditPrefix), result =>
                McpToolResults.Structured(result, McpToolResults.TruncationNote(result.Truncated,
                    $"more files follow: call list_tree again with the same arguments and cursor=\"{result.NextCursor}\"")));
        });

    [McpServerTool(Name = McpToolNames.ReadFile, Title = "Read a file", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Reads lines start_line..end_line of a file in the active repository, with secrets replaced by [REDACTED]. " +
        "Long ranges are cut and end with `# ... [TRUNCATED] ...`; the last line of the result says `truncated: true|false`. Like GET /file.")]
    public Task<CallToolResult> ReadFile(
        [Description("File path relative to the repository root, e.g. `src/app.py`.")]
        [MinLength(1)]
        [MaxLength(4096)]
        string path,
        [Description("First line to return, 1-based (default 1).")]
        [Range(1, int.MaxValue)]
        int start_line = 1,
        [Description("Last line to return, inclusive (default: as many as the line limit allows).")]
        [Range(1, int.MaxValue)]
        int? end_line = null,
        [Description(RequestedRepository.Description)]
        [MaxLength(RequestedRepository.MaxLength)]
        string? repo = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync(McpToolNames.ReadFile, async () =>
        {
            var caller = McpCaller.From(user, repo);
            return McpToolResults.From(
                await files.ReadAsync(new FileReadRequest(path, start_line, end_line, caller.Actor, McpCaller.AuditPrefix), cancellationToken),
                McpFileResultCache.Build);
        });

    [McpServerTool(Name = McpToolNames.Search, Title = "Search text", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Finds text or a regular expression in the active repository's source files: file, line number and the " +
        "(redacted) line, optionally with context lines; at most 50 results a page, continued with cursor. Like GET /search.")]
    public Task<CallToolResult> Search(
        [Description("The text to find, 3 to 128 characters: literal, or a .NET regular expression with regex=true (linear-time engine: no back-references or look-arounds).")]
        [MinLength(SearchService.MinQueryLength)]
        [MaxLength(SearchService.MaxQueryLength)]
        string query,
        [Description("Only files with this extension, e.g. `.py` (optional).")]
        [MaxLength(32)]
        string? ext = null,
        [Description("Treat query as a regular expression (default false).")]
        bool regex = false,
        [Description("Match case exactly (default true).")]
        bool case_sensitive = true,
        [Description("Served lines to show before and after each hit, 0 to 5 (default 0).")]
        [Range(0, SearchService.MaxContextLines)]
        int context_lines = 0,
        [Description("Only files matching one of these globs: without '/' a file name at any depth (`*.cs`), with '/' the path (`src/**/*.ts`).")]
        [MaxLength(SearchService.MaxGlobs)]
        string[]? glob = null,
        [Description("Leave out files matching one of these globs (same syntax as glob).")]
        [MaxLength(SearchService.MaxGlobs)]
        string[]? exclude_glob = null,
        [Description("Leave out what the repository's .gitignore files ignore (default true).")]
        bool gitignore = true,
        [Description("The next_cursor of the previous page, to continue the search.")]
        [MaxLength(PageCursor.MaxLength)]
        string? cursor = null,
        [Description(RequestedRepository.Description)]
        [MaxLength(RequestedRepository.MaxLength)]
        string? repo = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync(McpToolNames.Search, async () =>
        {
            var caller = McpCaller.From(user, repo);
            var request = new SearchRequest(query, ext)
            {
                Regex = regex,
                CaseSensitive = case_sensitive,
                ContextLines = context_lines,
                Globs = glob ?? [],
                ExcludeGlobs = exclude_glob ?? [],
                GitIgnore = gitignore,
                Cursor = cursor,
            };
            return McpToolResults.From(await search.SearchAsync(request, caller.Actor, McpCaller.AuditPrefix, cancellationToken), result =>
                McpToolResults.Structured(result, [
                    McpToolResults.HiddenNote(result.HiddenCharacters),
                    McpToolResults.TruncationNote(result.Truncated, result.NextCursor is null
                        ? "result limit reached: use a longer query, ext or glob"
                        : $"more hits follow: call search again with the same arguments and cursor=\"{result.NextCursor}\""),
                    .. SearchBudgetNotes(result)]));
        });

    // The files a search left out over the redaction budget, said in words as well as in the structured result.
    private static IEnumerable<string> SearchBudgetNotes(SearchResult result)
    {
        if (result.Skipped.Count > 0)
        {
            yield return $"skipped: {result.Skipped.Count} file(s) too costly to redact ({string.Join(", ", result.Skipped.Select(s => s.File))}); read them with read_file and a line range";
        }

        if (result.Partial)
        {
            yield return result is { Truncated: false, NextCursor: { } resume }
                ? $"partial: true (the redaction budget of this call ran out before every file was searched; call search again with the same arguments and cursor=\"{resume}\" to search the rest)"
                : "partial: true (the search stopped before every file was searched; use a longer query, ext or glob)";
        }
    }

    [McpServerTool(Name = McpToolNames.GitDiff, Title = "Diff two refs", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Compares two refs of the active repository: `git diff --stat` by default, the full patch with mode `patch` " +
        "(secrets redacted, capped in size). Like GET /diff.")]
    public Task<CallToolResult> GitDiff(
        [Description("Base ref: branch, tag or commit (default `main`).")]
        [MinLength(1)]
        [MaxLength(GitRefName.MaxLength)]
        [RegularExpression(GitRefName.Pattern)]
        string @base = "main",
        [Description("Head ref (default `HEAD`).")]
        [MinLength(1)]
        [MaxLength(GitRefName.MaxLength)]
        [RegularExpression(GitRefName.Pattern)]
        string head = "HEAD",
        [Description("`stat` (default) for a summary, `patch` for the full patch.")]
        [AllowedValues("stat", "patch")]
        string mode = "stat",
        [Description(RequestedRepository.Description)]
        [MaxLength(RequestedRepository.MaxLength)]
        string? repo = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        runner.RunAsync(McpToolNames.GitDiff, async () =>
        {
            var caller = McpCaller.From(user, repo);
            return McpToolResults.From(await diff.DiffAsync(@base, head, mode, caller.Actor, McpCaller.AuditPrefix, cancellationToken), result =>
                McpToolResults.Content(
                    new McpDiffContent(@base, head, mode, result.Truncated, result.Text, result.HiddenCharacters),
                    result.Text,
                    McpToolResults.HiddenNote(result.HiddenCharacters) + "; " + McpToolResults.TruncationNote(result.Truncated, "size cap reached: diff fewer files or use mode stat")));
        });
}
