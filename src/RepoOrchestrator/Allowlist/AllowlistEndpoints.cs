using Microsoft.AspNetCore.Http.HttpResults;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Allowlist;

/// <summary>
/// `GET /ui/allowlist` (admin): the allowlist entries valid now for the active repository; `POST /ui/allowlist`
/// adds one with an expiry and `DELETE /ui/allowlist` removes one (<see cref="AllowlistEditor"/>).
/// </summary>
public static class AllowlistEndpoints
{
    public static IEndpointRouteBuilder MapAllowlistEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/allowlist", GetAllowlist).RequireAdmin().WithName("getAllowlist")
            .WithSummary("Allowlisted paths of the active repository with their type and expiry.")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        app.MapPost("/ui/allowlist", AddAsync).RequireAdmin().WithName("addAllowlistEntry")
            .WithSummary("Allows `path` (relative to the active repository, '.' for all of it) until `expires` from now (30m, 8h, 7d…; default 1h). Adding a listed path sets its new expiry.")
            .ProducesProblems(AllowlistEditor.AddFailures);
        app.MapDelete("/ui/allowlist", RemoveAsync).RequireAdmin().WithName("removeAllowlistEntry")
            .WithSummary("Removes `path` from the allowlist of the active repository.")
            .ProducesProblems(AllowlistEditor.RemoveFailures);
        return app;
    }

    private static Results<Ok<AllowlistResponse>, ProblemResult> GetAllowlist(AllowlistStore allowlist, RepositoryService repositories)
    {
        // SECURITY: a scoped admin sees the allowlist of an active repository in its scope only (403 otherwise, as a read).
        if (repositories.ActiveState().Readable is not null && !repositories.ActiveForCaller().TryGet(out _, out var problem))
        {
            return new ProblemResult(problem);
        }

        return TypedResults.Ok(new AllowlistResponse(allowlist.Current(repositories.ActiveState().Readable)));
    }

    private static async Task<Results<Ok<AllowlistEntry>, ProblemResult>> AddAsync(string? path, string? expires, AllowlistEditor editor, HttpContext context) =>
        (await editor.AddAsync(path, expires, context.User.Actor())).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<AllowlistRemoved>, ProblemResult>> RemoveAsync(string? path, AllowlistEditor editor, HttpContext context) =>
        (await editor.RemoveAsync(path, context.User.Actor())).ToHttp(removed => TypedResults.Ok(new AllowlistRemoved("removed", removed)));
}
