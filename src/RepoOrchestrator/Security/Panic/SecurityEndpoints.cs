using Microsoft.AspNetCore.Http.HttpResults;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// `GET /ui/security/events` and `POST /ui/security/resolve` (admin): `action=clear_panic` turns lockdown off;
/// `action=resolve&amp;id=N` and `action=dismiss&amp;id=N` handle one event, in or out of lockdown.
/// </summary>
public static class SecurityEndpoints
{
    public const string ClearPanicAction = "clear_panic";
    public const string ResolveAction = "resolve";
    public const string DismissAction = "dismiss";
    public const string InvalidActionDetail = "Invalid action";

    public static IEndpointRouteBuilder MapSecurityEndpoints(this IEndpointRouteBuilder app)
    {
        // SECURITY: events name every token's actor and failures in every repository, and clearing lockdown undoes a
        // defence for all of them: an admin token with no repository or tool scope only.
        app.MapGet("/ui/security/events", GetEvents).RequireUnscopedAdmin().WithName("getSecurityEvents")
            .WithSummary($"Panic mode and the newest security events, newest first (at most {PanicService.MaxListedEvents}).");
        // Reachable during lockdown so the operator can clear it; still unscoped-admin-only like everything else here.
        app.MapPost("/ui/security/resolve", Resolve).RequireUnscopedAdmin().AllowDuringLockdown().WithName("resolveSecurity")
            .WithSummary("action=clear_panic: turn panic mode off and mark every security event resolved; action=resolve&id=N marks one event resolved, action=dismiss&id=N removes it from the list (both audited, lockdown untouched).")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return app;
    }

    private static Ok<SecurityEventsResponse> GetEvents(PanicService panic) =>
        TypedResults.Ok(new SecurityEventsResponse(panic.IsPanicOn(), panic.RecentEvents()));

    private static async Task<Results<Ok<ResolveSecurityResponse>, Ok<SecurityEventChange>, ProblemResult>> Resolve(
        string? action, string? id, PanicService panic, HttpContext context)
    {
        if (string.Equals(action, ClearPanicAction, StringComparison.Ordinal))
        {
            var resolved = await panic.ClearPanicAsync(context.User.Actor());
            return TypedResults.Ok(new ResolveSecurityResponse("success", false, resolved));
        }

        if (action is not (ResolveAction or DismissAction))
        {
            return new ProblemResult(Problem.BadRequest(InvalidActionDetail)); // SPEC 4: the exact detail
        }

        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var eventId) || eventId < 1)
        {
            return new ProblemResult(Problem.BadRequest($"action={action} needs 'id': the positive number of one event from GET /ui/security/events."));
        }

        var outcome = await panic.ResolveEventAsync(eventId, action == DismissAction, context.User.Actor());
        return outcome.TryGet(out var change, out var problem) ? TypedResults.Ok(change) : new ProblemResult(problem);
    }
}
