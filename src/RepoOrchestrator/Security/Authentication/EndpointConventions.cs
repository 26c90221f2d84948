namespace RepoOrchestrator.Security.Authentication;

/// <summary>Explicit opt-outs from the secure defaults, as endpoint metadata.</summary>
public static class EndpointConventions
{
    /// <summary>Anonymous access, marked so a contract test can list every public endpoint.</summary>
    public static TBuilder AsPublic<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(PublicEndpoint.Instance);
}
