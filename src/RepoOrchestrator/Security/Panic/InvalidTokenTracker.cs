using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.Security.Panic;

/// <summary>Records a `PANIC_TRIGGER` event for every request that presented a token matching no role.</summary>
public sealed class InvalidTokenTracker(PanicService panic) : IInvalidTokenObserver
{
    public void OnInvalidToken(HttpContext context, string presentedToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(presentedToken);
        // SECURITY: only SHA-256(token) is recorded; the token itself never reaches the store, a log or a response.
        var tokenHash = TokenFingerprint.HexHash(presentedToken);
        var reason = $"Invalid token on {context.Request.Method} {context.Request.Path}";
        try
        {
            panic.RecordInvalidToken(tokenHash, reason, CorrelationIdMiddleware.Get(context));
        }
        catch (StorageFaultException fault)
        {
            // The caller still gets its 401 (never a 500): the event could not be kept, and /health says why.
            context.RequestServices.GetService<StorageHealth>()?.Report(fault);
        }
    }
}
