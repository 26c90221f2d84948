using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Tokens;

/// <summary>
/// `GET /ui/tokens`, `POST /ui/tokens` and `DELETE /ui/tokens/{name}`: the dashboard's tokens panel. Admin tokens
/// without a repository or tool scope only: a scoped token could otherwise mint itself a wider one.
/// </summary>
public static class TokenEndpoints
{
    public const string ScopedAdminDetail = AuthenticationSetup.UnscopedAdminDetail;

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ui/tokens").RequireUnscopedAdmin();
        group.MapGet("", List).WithName("listTokens")
            .WithSummary("The named tokens and approved OAuth clients: name, role, repositories, tools, expiry, rate, created, last used and kind (never a token).")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        group.MapPost("", CreateAsync).WithName("createToken")
            .WithSummary("Creates a named token (name; role reader|admin; repos and tools as comma-separated lists; expires such as 30d; rate) and returns it: the only time it is shown.")
            .ProducesProblems(TokenAdministration.CreateFailures).ProducesProblems(StatusCodes.Status403Forbidden);
        group.MapDelete("/{name}", RevokeAsync).WithName("revokeToken")
            .WithSummary("Revokes a named token or an OAuth client's approval; it is refused from its next request.")
            .ProducesProblems(TokenAdministration.RevokeFailures).ProducesProblems(StatusCodes.Status403Forbidden);
        return app;
    }

    private static Ok<TokenListResponse> List(TokenAdministration tokens) => TypedResults.Ok(new TokenListResponse(tokens.List()));

    private static async Task<Results<Created<CreatedToken>, ProblemResult>> CreateAsync(
        string? name, string? role, string? repos, string? tools, string? expires, string? rate, TokenAdministration tokens, HttpContext context)
    {
        int? perWindow = null;
        if (!string.IsNullOrEmpty(rate))
        {
            if (!int.TryParse(rate, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return new ProblemResult(Problem.BadRequest($"'rate' must be a whole number of requests per window, from 1 to {TokenAdministration.MaxRate}."));
            }

            perWindow = parsed;
        }

        var outcome = await tokens.CreateAsync(new TokenRequest(name, role, repos, tools, expires, perWindow), context.User.Actor());
        if (!outcome.TryGet(out var created, out var problem))
        {
            return new ProblemResult(problem);
        }

        // SECURITY: the one response that carries a token is never kept by a cache on the way.
        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
        return TypedResults.Created($"/ui/tokens/{Uri.EscapeDataString(created.Details.Name)}", created);
    }

    private static async Task<Results<Ok<RevokedToken>, ProblemResult>> RevokeAsync(string name, TokenAdministration tokens, HttpContext context)
    {
        var outcome = await tokens.RevokeAsync(name, context.User.Actor());
        return outcome.TryGet(out var revoked, out var problem) ? TypedResults.Ok(new RevokedToken("revoked", revoked)) : new ProblemResult(problem);
    }
}
