using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Mvc;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Reading;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Files;

/// <summary>`GET /file`: a slice of a file of the active repository as text/plain (SPEC 6).</summary>
public static class FileEndpoints
{
    /// <summary>How many invisible characters (Security/HiddenText) the body shows as &lt;U+XXXX&gt;; also on /diff.</summary>
    public const string HiddenCharactersHeader = "X-Hidden-Characters";

    public static IServiceCollection AddFiles(this IServiceCollection services)
    {
        services.TryAddSingleton<FileReadService>();
        services.TryAddSingleton<FileBatchService>();
        return services;
    }

    public static IEndpointRouteBuilder MapFileEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/file", GetFile).RequireReader().MirrorsTool(McpToolNames.ReadFile).ReadsRepository().WithName("getFile")
            .WithSummary("Read lines of a file of the active repository (redacted, served from a snapshot).")
            .WithDescription("Returns text/plain: lines start_line..end_line (1-based, inclusive), at most ORCH_MAX_LINES lines and "
                + "ORCH_MAX_BYTES bytes, ending with \"# ... [TRUNCATED] ...\" when cut short. "
                + "Headers: X-Total-Lines, X-Content-SHA256 (body hash), X-Hidden-Characters (shown as <U+XXXX>).")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblems(FileReadService.Failures);
        app.MapGet("/files", GetFiles).RequireReader().MirrorsTool(McpToolNames.ReadFiles).ReadsRepository().WithName("getFiles")
            .WithSummary("Read up to 20 files of the active repository in one call (each redacted, served from a snapshot).")
            .WithDescription("Repeat path, optionally with a line window: path=src/a.py&path=src/b.py:10-40. One byte budget (ORCH_MAX_BYTES) "
                + "for the whole answer; a file that fails is reported in its entry (status, detail), never the batch.")
            .ProducesProblems(FileBatchService.Failures);
        return app;
    }

    private static async Task<Results<Ok<FileBatchResult>, ProblemResult>> GetFiles(
        [FromQuery(Name = "path"), Description("A file path relative to the repository, optionally with a window `:START-END` (e.g. src/b.py:10-40); 1 to 20 of them.")] string[]? path,
        FileBatchService batch,
        HttpContext context,
        CancellationToken ct) =>
        (await batch.ReadAsync(path ?? [], context.User.Actor(), "", ct)).ToHttp(TypedResults.Ok);

    // Parameters are named as the query keys: a binding failure ("start_line=abc") then names the key the caller sent.
    private static async Task<Results<FileContentHttpResult, ProblemResult>> GetFile(
        [FromQuery(Name = "path"), Description("File path relative to the active repository, e.g. src/app.py.")] string? path,
        [FromQuery(Name = "start_line"), Description("First line to return (1-based). Default 1.")] int? start_line,
        [FromQuery(Name = "end_line"), Description("Last line to return (inclusive). Default: start_line + ORCH_MAX_LINES - 1.")] int? end_line,
        FileReadService files,
        HttpContext context,
        CancellationToken ct)
    {
        var outcome = await files.ReadAsync(new FileReadRequest(path, start_line ?? 1, end_line, context.User.Actor(), ""), ct);
        return outcome.ToHttp(result =>
        {
            context.Response.Headers["X-Content-SHA256"] = result.ContentSha256;
            context.Response.Headers["X-Total-Lines"] = result.TotalLines.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers[HiddenCharactersHeader] = result.HiddenCharacters.ToString(CultureInfo.InvariantCulture);
            TruncationHeaders.Write(context.Response, result.Truncated, () => TruncationHeaders.NextLines(result.EndLine));
            // The cached UTF-8 bytes: no encoding and no copy of the body per request.
            return TypedResults.Bytes(result.BodyUtf8, "text/plain; charset=utf-8");
        });
    }
}
