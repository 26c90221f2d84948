using Microsoft.AspNetCore.Http.HttpResults;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Allowlist;

/// <summary>`GET /ui/allowlist` (admin): the allowlist entries valid now for the active repository.</summary>
public static class AllowlistEndpoints
{
    public static IEndpointRouteBuilder MapAllowlistEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/allowlist", GetAllowlist).RequireAdmin().WithName("getAllowlist")
            .WithSummary("Allowlisted paths of the active repository with their type and expiry.");
        return app;
    }

    private static Ok<AllowlistResponse> GetAllowlist(AllowlistStore allowlist, RepositoryService repositories)
    {
        return TypedResults.Ok(new AllowlistResponse(allowlist.Current(repositories.ActiveState().Readable)));
    }
}
