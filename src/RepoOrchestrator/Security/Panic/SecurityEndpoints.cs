using Microsoft.AspNetCore.Http.HttpResults;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Security.Panic;

/// <summary>`GET /ui/security/events` and `POST /ui/security/resolve?action=clear_panic` (admin).</summary>
public static class SecurityEndpoints
{
    public const string ClearPanicAction = "clear_panic";
    public const string InvalidActionDetail = "Invalid action";

    public static IEndpointRouteBuilder MapSecurityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/security/events", GetEvents).RequireAdmin().WithName("getSecurityEvents")
            .WithSummary($"Panic mode and the newest security events, newest first (at most {PanicService.MaxListedEvents}).");
        // Reachable during lockdown so the operator can clear it; still admin-only like everything else here.
        app.MapPost("/ui/security/resolve", Resolve).RequireAdmin().AllowDuringLockdown().WithName("resolveSecurity")
            .WithSummary("action=clear_panic: turn panic mode off and mark every security event resolved.");
        return app;
    }

    private static Ok<SecurityEventsResponse> GetEvents(PanicService panic) =>
        TypedResults.Ok(new SecurityEventsResponse(panic.IsPanicOn(), panic.RecentEvents()));

    private static async Task<Results<Ok<ResolveSecurityResponse>, ProblemResult>> Resolve(string? action, PanicService panic, HttpContext context)
    {
        if (!string.Equals(action, ClearPanicAction, StringComparison.Ordinal))
        {
            return new ProblemResult(Problem.BadRequest(InvalidActionDetail));
        }

        var resolved = await panic.ClearPanicAsync(context.User.Actor());
        return TypedResults.Ok(new ResolveSecurityResponse("success", false, resolved));
    }
}
