using Microsoft.AspNetCore.Http.HttpResults;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// OAuth endpoints, mapped only when <see cref="OAuthSettings.Enabled"/> (ORCH_OAUTH): with OAuth off they do not
/// exist (404). Today: RFC 9728 protected-resource metadata for `/mcp`.
/// </summary>
public static class OAuthEndpoints
{
    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.ServiceProvider.GetRequiredService<OAuthSettings>();
        // SECURITY: OAuth off means no OAuth route at all, not a route that answers "disabled".
        if (!settings.Enabled)
        {
            return app;
        }

        app.MapGet(OAuthSettings.ResourceMetadataPath, ResourceMetadata).AsPublic().ExcludeFromDescription();
        return app;
    }

    private static Ok<ProtectedResourceMetadata> ResourceMetadata(OAuthSettings settings) =>
        TypedResults.Ok(new ProtectedResourceMetadata(settings.Resource, [settings.PublicUrl], ["header"], "Repo Orchestrator"));
}
