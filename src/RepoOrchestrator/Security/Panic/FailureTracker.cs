using RepoOrchestrator.Audit;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// Hears every unhandled failure (4xx outcomes never reach it: <see cref="ErrorHandlingMiddleware"/> answers
/// those itself): records a `PANIC` event and writes the PANIC audit line. The caller still gets only the
/// bare 500; the reason (type and message, cut to 200 characters) stays in the store and the audit log.
/// </summary>
public sealed class FailureTracker(PanicService panic, AuditLog audit) : IFailureObserver
{
    public async Task OnUnhandledFailureAsync(HttpContext context, Exception exception, string correlationId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        var reason = PanicService.CutReason($"{exception.GetType().Name}: {exception.Message}");
        var payloadHash = await RequestBodyHash.ComputeAsync(context.Request, context.RequestAborted);
        var actor = context.User.Actor();
        try
        {
            await panic.RecordFailureAsync(reason, payloadHash, actor, correlationId);
        }
        finally
        {
            // Written even when the store failed, so the incident is on record somewhere.
            await audit.PanicAsync(correlationId, payloadHash, reason, actor);
        }
    }
}
