using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// While panic mode is on, answers 503 to every request without a valid token, except endpoints marked
/// <see cref="LockdownExemption"/>. Runs after authentication (it must know whether the token is valid) and
/// before authorization, so a locked-out caller learns nothing else. Static dashboard files are served
/// earlier in the pipeline and never reach it. The flag is read only for requests it could refuse.
/// </summary>
public sealed class LockdownMiddleware(RequestDelegate next, PanicService panic)
{
    public const string Detail = "System in LOCKDOWN. Use /ui/security/resolve to clear panic mode.";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetEndpoint()?.Metadata.GetMetadata<LockdownExemption>() is not null)
        {
            return next(context);
        }

        // SECURITY: a valid token (either role) passes lockdown; an invalid one is no token at all.
        if (context.User.Role() is not null)
        {
            return next(context);
        }

        // SECURITY: lockdown shuts out every caller without a valid token.
        return panic.IsPanicOn()
            ? ProblemResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, Detail, "lockdown")
            : next(context);
    }
}
