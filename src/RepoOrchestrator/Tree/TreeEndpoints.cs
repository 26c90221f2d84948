using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Mvc;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Tree;

/// <summary>`GET /tree`: the files of a folder of the active repository (SPEC 5).</summary>
public static class TreeEndpoints
{
    public static IServiceCollection AddTree(this IServiceCollection services)
    {
        services.TryAddSingleton<TreeService>();
        return services;
    }

    public static IEndpointRouteBuilder MapTreeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tree", GetTree).RequireReader().WithName("getTree")
            .WithSummary("List the files of a folder of the active repository.")
            .WithDescription("Repository-relative paths, sorted; only allowed extensions; dot, denied and linked folders are skipped; "
                + "at most 2000 entries (truncated tells when more exist).")
            .ProducesProblems(TreeService.Failures);
        return app;
    }

    // Named as the query key, so a binding failure ("max_depth=x") names it.
    private static async Task<Results<Ok<TreeResult>, ProblemResult>> GetTree(
        [FromQuery(Name = "path"), Description("Folder relative to the active repository. Default: the repository itself (\".\").")] string? path,
        [FromQuery(Name = "max_depth"), Description("How many folder levels to descend, 0 to 6 (0 = only the folder's own files). Default 3.")] int? max_depth,
        TreeService tree,
        HttpContext context) =>
        (await tree.ListAsync(path, max_depth ?? 3, context.User.Actor())).ToHttp(TypedResults.Ok);
}
