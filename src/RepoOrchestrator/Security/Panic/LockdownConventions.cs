namespace RepoOrchestrator.Security.Panic;

/// <summary>Marks an endpoint as reachable during lockdown (see <see cref="LockdownExemption"/>).</summary>
public static class LockdownConventions
{
    public static TBuilder AllowDuringLockdown<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(LockdownExemption.Instance);
}
