using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Files;
using RepoOrchestrator.Reading;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.History;

/// <summary>`GET /git/log`, `GET /git/show` and `GET /git/blame`: the active repository's history, redacted (issue 18).</summary>
public static class HistoryEndpoints
{
    public static IServiceCollection AddHistory(this IServiceCollection services)
    {
        services.TryAddSingleton<HistoryText>();
        services.TryAddSingleton<HistoryPaths>();
        services.TryAddSingleton<GitLogService>();
        services.TryAddSingleton<GitShowService>();
        services.TryAddSingleton<GitCommitService>();
        services.TryAddSingleton<GitBlameService>();
        return services;
    }

    public static IEndpointRouteBuilder MapHistoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/git/log", GetLog).RequireReader().MirrorsTool(McpToolNames.GitLog).ReadsRepository().WithName("getGitLog")
            .WithSummary("Commits of the active repository, newest first, optionally only those touching a path.")
            .WithDescription("JSON: ref, commit, path, commits (id, author, date ISO 8601, subject; names and subjects redacted), "
                + "next_cursor (pass it as cursor, with the same path, for the next page; null on the last page).")
            .ProducesProblems(GitLogService.Failures);
        app.MapGet("/git/show", GetShow).RequireReader().MirrorsTool(McpToolNames.GitShow).ReadsRepository().WithName("getGitShow")
            .WithSummary("A file as it was at a ref, or with no path a commit and its changes (redacted).")
            .WithDescription("text/plain. With path: lines start_line..end_line like /file (X-Total-Lines, X-Content-SHA256). Without: the commit "
                + "(author, date, message) and its diff --stat against the first parent; mode=patch adds the patch. Cut text ends with the marker.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblems(GitShowService.Failures);
        app.MapGet("/git/blame", GetBlame).RequireReader().MirrorsTool(McpToolNames.GitBlame).ReadsRepository().WithName("getGitBlame")
            .WithSummary("Who last changed each line of a file at a ref (a line window, redacted).")
            .WithDescription("JSON: ref, commit, path, start_line, end_line, total_lines, lines (line, commit, author, date ISO 8601, content "
                + "redacted), truncated. At most ORCH_MAX_LINES lines and ORCH_MAX_BYTES of text; ask for the next lines with start_line.")
            .ProducesProblems(GitBlameService.Failures);
        return app;
    }

    private static async Task<Results<Ok<GitLogResult>, ProblemResult>> GetLog(
        [FromQuery(Name = "path"), Description("Only commits touching this file or folder (relative path; may no longer exist).")] string? path,
        [FromQuery(Name = "ref"), Description("Branch, tag or commit to start from. Default HEAD.")] string? @ref,
        [FromQuery(Name = "max_count"), Description("Commits per page, 1 to 100. Default 20.")] int? max_count,
        [FromQuery(Name = "cursor"), Description("next_cursor of the previous page.")] string? cursor,
        GitLogService log,
        HttpContext context,
        CancellationToken ct)
    {
        var outcome = await log.LogAsync(path, @ref, max_count, cursor, context.User.Actor(), "", ct);
        return outcome.ToHttp(TypedResults.Ok);
    }

    private static async Task<Results<Ok<GitBlameResult>, ProblemResult>> GetBlame(
        [FromQuery(Name = "path"), Description("File path relative to the repository root at that ref.")] string? path,
        [FromQuery(Name = "start_line"), Description("First line (1-based). Default 1.")] int? start_line,
        [FromQuery(Name = "end_line"), Description("Last line (inclusive). Default: start_line + ORCH_MAX_LINES - 1.")] int? end_line,
        [FromQuery(Name = "ref"), Description("Branch, tag or commit. Default HEAD.")] string? @ref,
        GitBlameService blame,
        HttpContext context,
        CancellationToken ct)
    {
        var outcome = await blame.BlameAsync(@ref, path, start_line ?? 1, end_line, context.User.Actor(), "", ct);
        return outcome.ToHttp(TypedResults.Ok);
    }

    private static async Task<Results<ContentHttpResult, ProblemResult>> GetShow(
        [FromQuery(Name = "ref"), Description("Branch, tag or commit. Default HEAD.")] string? @ref,
        [FromQuery(Name = "path"), Description("File path relative to the repository root at that ref, e.g. src/app.py. Leave out to show the commit itself.")] string? path,
        [FromQuery(Name = "start_line"), Description("First line to return (1-based). Default 1. With path only.")] int? start_line,
        [FromQuery(Name = "end_line"), Description("Last line to return (inclusive). Default: start_line + ORCH_MAX_LINES - 1. With path only.")] int? end_line,
        [FromQuery(Name = "mode"), Description("Without path: stat (default) for the changed files, patch for the full patch.")] string? mode,
        GitShowService show,
        GitCommitService commits,
        HttpContext context,
        CancellationToken ct)
    {
        if (GitShowService.ArgumentsRefusal(path, start_line is not null || end_line is not null, mode) is { } refused)
        {
            return new ProblemResult(refused);
        }

        if (string.IsNullOrEmpty(path))
        {
            var commit = await commits.ShowCommitAsync(@ref, mode, context.User.Actor(), "", ct);
            return commit.ToHttp(result =>
            {
                context.Response.Headers["X-Commit"] = result.Commit;
                context.Response.Headers[FileEndpoints.HiddenCharactersHeader] = result.HiddenCharacters.ToString(CultureInfo.InvariantCulture);
                TruncationHeaders.Write(context.Response, result.Truncated, () => "mode=stat, or path=<a changed file> with the same ref");
                return TypedResults.Text(result.Text(), "text/plain; charset=utf-8");
            });
        }

        var outcome = await show.ShowAsync(@ref, path, start_line ?? 1, end_line, context.User.Actor(), "", ct);
        return outcome.ToHttp(result =>
        {
            context.Response.Headers["X-Content-SHA256"] = result.ContentSha256;
            context.Response.Headers["X-Total-Lines"] = result.TotalLines.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-Commit"] = result.Commit;
            context.Response.Headers[FileEndpoints.HiddenCharactersHeader] = result.HiddenCharacters.ToString(CultureInfo.InvariantCulture);
            TruncationHeaders.Write(context.Response, result.Truncated, () => TruncationHeaders.NextLines(result.EndLine));
            return TypedResults.Text(result.Body, "text/plain; charset=utf-8");
        });
    }
}
