using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Mvc;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Search;

/// <summary>`GET /search`: literal search over the active repository (SPEC 5).</summary>
public static class SearchEndpoints
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.TryAddSingleton<SearchService>();
        return services;
    }

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/search", Search).RequireReader().WithName("search")
            .WithSummary("Search the active repository for a literal, case-sensitive text.")
            .WithDescription("At most 50 matching lines ordered by file then line, each redacted; truncated tells when more exist. "
                + "Searches the files /tree lists; binary files and files over ORCH_MAX_FILE_BYTES are skipped.")
            .ProducesProblems(SearchService.Failures);
        return app;
    }

    private static async Task<Results<Ok<SearchResult>, ProblemResult>> Search(
        [FromQuery(Name = "q"), Description("Literal text to find, 3 to 128 characters, case-sensitive.")] string? q,
        [FromQuery(Name = "ext"), Description("Only files with this extension, e.g. .py or py.")] string? ext,
        SearchService search,
        HttpContext context,
        CancellationToken ct) =>
        (await search.SearchAsync(q, ext, context.User.Actor(), "", ct)).ToHttp(TypedResults.Ok);
}
