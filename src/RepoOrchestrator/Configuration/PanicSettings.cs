namespace RepoOrchestrator.Configuration;

/// <summary>When lockdown turns on: invalid tokens from one client (ORCH_PANIC_AUTH_*) or unexpected failures (ORCH_PANIC_EXCEPTION_*) reaching a threshold inside a window.</summary>
public sealed record PanicSettings(int AuthThreshold, int AuthWindowSeconds, int ExceptionThreshold, int ExceptionWindowSeconds)
{
    public static PanicSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.PanicAuthThreshold, o.PanicAuthWindowSeconds, o.PanicExceptionThreshold, o.PanicExceptionWindowSeconds);
    }
}
