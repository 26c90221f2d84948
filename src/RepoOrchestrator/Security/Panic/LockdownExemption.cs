namespace RepoOrchestrator.Security.Panic;

/// <summary>
/// Endpoint metadata: reachable without a valid token while panic mode is on (`/`, `/health`,
/// `/ui/security/resolve`). Like `DisableRateLimiting`, an opt-out that is explicit and listed in a test.
/// </summary>
public sealed class LockdownExemption
{
    public static readonly LockdownExemption Instance = new();

    private LockdownExemption()
    {
    }
}
