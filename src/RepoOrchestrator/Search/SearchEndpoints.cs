using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Mvc;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Search;

/// <summary>`GET /search`: text or regular-expression search over the active repository (SPEC 5).</summary>
public static class SearchEndpoints
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.TryAddSingleton<SearchService>();
        return services;
    }

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/search", Search).RequireReader().MirrorsTool(McpToolNames.Search).ReadsRepository().WithName("search")
            .WithSummary("Search the active repository for text or a regular expression.")
            .WithDescription("Up to 50 redacted matching lines per page, by file then line, with optional context lines; when next_cursor is set "
                + "(more hits, or the rest of a partial search), pass it as cursor. Searches the files /tree lists. regex=true: linear-time engine, no look-arounds or back-references.")
            .ProducesProblems(SearchService.Failures);
        return app;
    }

    private static async Task<Results<Ok<SearchResult>, ProblemResult>> Search(
        [FromQuery(Name = "q"), Description("Text to find (or a regular expression with regex=true), 3 to 128 characters.")] string? q,
        [FromQuery(Name = "ext"), Description("Only files with this extension, e.g. .py or py.")] string? ext,
        [FromQuery(Name = "regex"), Description("Treat q as a regular expression (.NET syntax, linear-time engine). Default false.")] bool? regex,
        [FromQuery(Name = "case_sensitive"), Description("Match case exactly. Default true.")] bool? case_sensitive,
        [FromQuery(Name = "context_lines"), Description("Served lines to show before and after each hit, 0 to 5. Default 0.")] int? context_lines,
        [FromQuery(Name = "glob"), Description("Only files matching this glob (repeat for several, at most 10): without '/' it matches the file name at any depth (*.cs), with '/' the path (src/**/*.ts).")] string[]? glob,
        [FromQuery(Name = "exclude_glob"), Description("Leave out files matching this glob (repeatable, same syntax as glob).")] string[]? exclude_glob,
        [FromQuery(Name = "gitignore"), Description("Leave out what the repository's .gitignore files ignore. Default true.")] bool? gitignore,
        [FromQuery(Name = "cursor"), Description("The next_cursor of the previous page, to continue the search.")] string? cursor,
        SearchService search,
        HttpContext context,
        CancellationToken ct) =>
        (await search.SearchAsync(new SearchRequest(q, ext)
        {
            Regex = regex ?? false,
            CaseSensitive = case_sensitive ?? true,
            ContextLines = context_lines ?? 0,
            Globs = glob ?? [],
            ExcludeGlobs = exclude_glob ?? [],
            GitIgnore = gitignore ?? true,
            Cursor = cursor,
        }, context.User.Actor(), "", ct)).ToHttp(TypedResults.Ok);
}
