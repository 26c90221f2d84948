using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// OAuth endpoints, mapped only when <see cref="OAuthSettings.Enabled"/> (ORCH_OAUTH): with OAuth off they do not
/// exist (404). Public: RFC 9728 resource metadata, the authorization and token endpoints (OpenIddict validates each
/// request before it reaches them) and RFC 7591 registration. Admin: the consent page's API. OpenIddict answers the
/// metadata (RFC 8414) and revocation endpoints itself. None is part of the agents' OpenAPI document.
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

        return MapRoutes(app);
    }

    // Memory: compiled only when OAuth is on (see OAuthSetup.AddAuthorizationServer): the handlers' signatures load
    // OpenIddict.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IEndpointRouteBuilder MapRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet(OAuthSettings.ResourceMetadataPath, ResourceMetadata).AsPublic().ExcludeFromDescription();
        app.MapMethods(OAuthSetup.AuthorizePath, [HttpMethods.Get, HttpMethods.Post], OAuthAuthorization.AuthorizeAsync).AsPublic().ExcludeFromDescription();
        app.MapPost(OAuthSetup.TokenPath, OAuthAuthorization.ExchangeAsync).AsPublic().ExcludeFromDescription();
        app.MapPost(OAuthSetup.RegisterPath, OAuthClientRegistration.RegisterAsync).AsPublic().ExcludeFromDescription()
            .ProducesProblems(OAuthClientRegistration.Failures);
        // SECURITY: an approval grants rights as a token does: only an admin token without a repository or tool scope decides.
        app.MapGet(OAuthSetup.ConsentApiPath + "/{id}", OAuthConsentEndpoints.ShowAsync).RequireUnscopedAdmin().ExcludeFromDescription()
            .ProducesProblems(OAuthConsentEndpoints.Failures);
        app.MapPost(OAuthSetup.ConsentApiPath + "/{id}", OAuthConsentEndpoints.DecideAsync).RequireUnscopedAdmin().ExcludeFromDescription()
            .ProducesProblems(OAuthConsentEndpoints.Failures);
        return app;
    }

    private static Ok<ProtectedResourceMetadata> ResourceMetadata(OAuthSettings settings) =>
        TypedResults.Ok(new ProtectedResourceMetadata(settings.Resource, [settings.Issuer], ["header"], "Repo Orchestrator"));
}
