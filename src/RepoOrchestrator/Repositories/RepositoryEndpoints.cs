using RepoOrchestrator.Mcp;
using Microsoft.AspNetCore.Http.HttpResults;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Repositories;

/// <summary>Repository listing and selection (admin).</summary>
public static class RepositoryEndpoints
{
    public static IEndpointRouteBuilder MapRepositoryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ui/repos").RequireAdmin();
        group.MapGet("", ListRepos).MirrorsTool(McpToolNames.ListRepos).WithName("listRepos").WithSummary("Repositories under the configured root.")
            .ProducesProblems(RepositoryService.ListFailures);
        group.MapGet("/active", GetActive).WithName("getActiveRepo").WithSummary("The active repository, or null.");
        group.MapPost("/select", Select).MirrorsTool(McpToolNames.SelectRepo).WithName("selectRepo")
            .WithSummary("Make a repository (absolute, or relative to the root) the active one.")
            .ProducesProblems(RepositoryService.ResolveFailures);
        group.MapPost("/open", Open).WithName("openRepo")
            .WithSummary("Check that a repository can be opened and register it, without making it active.")
            .ProducesProblems(RepositoryService.ResolveFailures);
        return app;
    }

    private static async Task<Results<Ok<RepositoryList>, ProblemResult>> ListRepos(RepositoryCatalog catalog, CancellationToken ct) =>
        (await catalog.ListAsync(ct)).ToHttp(TypedResults.Ok);

    private static Ok<ActiveRepository> GetActive(RepositoryService repositories)
    {
        // Without a root nothing is served, so nothing is active (the stored selection returns with the root).
        var active = repositories.RootState().Path is null ? null : repositories.ActivePath();
        return TypedResults.Ok(new ActiveRepository(active is null ? null : PathMasking.Mask(active)));
    }

    private static async Task<Results<Ok<SelectRepositoryResult>, ProblemResult>> Select(string? path, RepositoryService repositories, HttpContext context) =>
        (await repositories.SelectAsync(path, context.User.Actor()))
            .ToHttp(repo => TypedResults.Ok(new SelectRepositoryResult("success", PathMasking.Mask(repo))));

    private static async Task<Results<Ok<OpenRepositoryResult>, ProblemResult>> Open(string? path, RepositoryService repositories, AuditLog audit, HttpContext context)
    {
        if (!repositories.Resolve(path).TryGet(out var repo, out var problem))
        {
            return new ProblemResult(problem);
        }

        await audit.OperationAsync("OPEN_REPO", context.User.Actor(), repo);
        return TypedResults.Ok(new OpenRepositoryResult(
            "success",
            $"Repository '{Path.GetFileName(repo)}' is readable at {PathMasking.Mask(repo)}; select it to make it active."));
    }
}
