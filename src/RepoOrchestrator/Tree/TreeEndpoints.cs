using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Mvc;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
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
        app.MapGet("/tree", GetTree).RequireReader().MirrorsTool(McpToolNames.ListTree).ReadsRepository().WithName("getTree")
            .WithSummary("List the files of a folder of the active repository.")
            .WithDescription("Sorted repository-relative paths (files) and the same with size and line count (entries). Skips dot, denied and linked "
                + "folders and what .gitignore ignores (gitignore=false shows it). Pages: when truncated, pass next_cursor as cursor.")
            .ProducesProblems(TreeService.Failures);
        return app;
    }

    // Named as the query key, so a binding failure ("max_depth=x") names it.
    private static async Task<Results<TreeHttpResult, ProblemResult>> GetTree(
        [FromQuery(Name = "path"), Description("Folder relative to the active repository. Default: the repository itself (\".\").")] string? path,
        [FromQuery(Name = "max_depth"), Description("How many folder levels to descend, 0 to 6 (0 = only the folder's own files). Default 3.")] int? max_depth,
        [FromQuery(Name = "gitignore"), Description("Leave out what the repository's .gitignore files ignore. Default true; false lists everything the other rules allow.")] bool? gitignore,
        [FromQuery(Name = "cursor"), Description("The next_cursor of the previous page, to continue the listing.")] string? cursor,
        TreeService tree,
        HttpContext context) =>
        (await tree.ListAsync(new TreeRequest(path, max_depth ?? 3, gitignore ?? true, cursor), context.User.Actor())).ToHttp(TreeHttpResult.From);
}
