namespace RepoOrchestrator.Errors;

/// <summary>Hears about every unhandled failure (panic-mode tracking, audit PANIC line).</summary>
public interface IFailureObserver
{
    Task OnUnhandledFailureAsync(HttpContext context, Exception exception, string correlationId);
}
