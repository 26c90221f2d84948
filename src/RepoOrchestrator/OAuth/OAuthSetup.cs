using System.Runtime.CompilerServices;
using Microsoft.AspNetCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.Abstractions;
using RepoOrchestrator.Errors;
using RepoOrchestrator.Security.Authentication;
using OpenIddict.Server;
using RepoOrchestrator.Configuration;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// The OAuth 2.1 authorization server for `/mcp` (as the MCP authorization specification asks) on OpenIddict, only
/// when <see cref="OAuthSettings.Enabled"/>: with OAuth off nothing here is registered, loaded or reachable.
/// Authorization code with PKCE S256 only, the one resource `&lt;ORCH_PUBLIC_URL&gt;/mcp` (RFC 8707) as the access
/// token's audience, 10-minute access tokens, rotating one-use refresh tokens, revocation, and keys kept in the home.
/// </summary>
public static class OAuthSetup
{
    public const string AuthorizePath = "/oauth/authorize";
    public const string TokenPath = "/oauth/token";
    public const string RevokePath = "/oauth/revoke";
    public const string RegisterPath = "/oauth/register";
    public const string ConsentPage = "/oauth/consent.html";
    public const string ConsentApiPath = "/oauth/consent";
    public const string AuthorizationServerMetadataPath = "/.well-known/oauth-authorization-server";

    /// <summary>The one scope this server knows besides offline_access; clients may ask for none.</summary>
    public const string McpScope = "mcp";

    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(30);

    public static IServiceCollection AddOrchestratorOAuth(this IServiceCollection services, OAuthSettings settings, string folder)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            return services; // SECURITY: OAuth off registers nothing: no authorization server, no store, no keys
        }

        return AddAuthorizationServer(services, settings, folder);
    }

    // Memory: a separate method the JIT compiles only when OAuth is on. Compiling this body loads Entity Framework Core
    // and OpenIddict (their metadata and generic instantiations, several MiB resident), which a service without OAuth
    // never needs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IServiceCollection AddAuthorizationServer(IServiceCollection services, OAuthSettings settings, string folder)
    {
        HomeFiles.CreateFolder(folder);
        // Read (or made) here, at start: a key file that holds no key stops the start with one line naming it, never a
        // failure on the first sign-in.
        var signingKey = OAuthKeys.LoadOrCreate(Path.Combine(folder, "signing-key.pem"));
        var encryptionKey = OAuthKeys.LoadOrCreate(Path.Combine(folder, "encryption-key.pem"));
        var database = OAuthStore.CreatePrivately(Path.Combine(folder, "oauth.db"));
        services.AddDbContext<OAuthDbContext>(o => o.UseSqlite($"Data Source={database}").UseOpenIddict());
        services.AddHostedService<OAuthStore>();
        services.AddSingleton<OAuthConsents>();
        services.AddSingleton<IAccessTokenAuthority, OAuthBearer>();
        services.TryAddSingleton(new ClientMetadataFetchOptions());
        services.AddSingleton<ClientMetadataFetcher>();
        services.AddSingleton<ClientMetadataDocuments>();
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<OAuthDbContext>())
            .AddServer(o =>
            {
                o.SetIssuer(new Uri(settings.Issuer, UriKind.Absolute));
                o.SetAuthorizationEndpointUris(AuthorizePath[1..])
                    .SetTokenEndpointUris(TokenPath[1..])
                    .SetRevocationEndpointUris(RevokePath[1..])
                    .SetConfigurationEndpointUris(AuthorizationServerMetadataPath[1..], ".well-known/openid-configuration");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowRefreshTokenFlow();
                o.RegisterScopes(Scopes.OfflineAccess, McpScope);
                o.RegisterResources(settings.Resource); // SECURITY: RFC 8707: a token is asked for this resource or none
                o.SetAccessTokenLifetime(AccessTokenLifetime).SetRefreshTokenLifetime(RefreshTokenLifetime);
                o.SetRefreshTokenReuseLeeway(TimeSpan.Zero); // SECURITY: a rotated refresh token is dead at once
                o.AddSigningKey(signingKey).AddEncryptionKey(encryptionKey);
                // TLS ends at the tunnel or proxy in front of the service; the issuer comes from ORCH_PUBLIC_URL, never the request.
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
                // SECURITY: an https client_id's document is read before OpenIddict looks the client up, inside OpenIddict's
                // own authorization request handling: whatever spelling of the path it answers ("/OAuth/Authorize", a
                // trailing slash), a stale registration is never used without reading the document again.
                o.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(b => b
                    .UseInlineHandler(EnsureClientDocumentAsync)
                    .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientIdParameter.Descriptor.Order + 500));
                o.AddEventHandler<OpenIddictServerEvents.HandleConfigurationRequestContext>(b => b.UseInlineHandler(context =>
                {
                    context.Metadata["registration_endpoint"] = settings.PublicUrl + RegisterPath;
                    context.Metadata["client_id_metadata_document_supported"] = true;
                    return default;
                }));
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
                o.AddAudiences(settings.Resource); // SECURITY: a token for another resource is refused on /mcp
                o.EnableTokenEntryValidation(); // SECURITY: a revoked access token stops working at once
            });
        services.AddOptions<OpenIddictServerOptions>().PostConfigure(o =>
        {
            // SECURITY: PKCE S256 only; "plain" is refused and not advertised (OAuth 2.1).
            o.CodeChallengeMethods.Clear();
            o.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
        });
        return services;
    }

    /// <summary>
    /// For an authorization request whose client_id is an https URL, after OpenIddict has read the request and before it
    /// looks the client up: makes sure that client's metadata document has been read (<see cref="ClientMetadataDocuments"/>);
    /// a document that cannot be had is a 400 naming why, without redirecting anywhere.
    /// </summary>
    private static async ValueTask EnsureClientDocumentAsync(OpenIddictServerEvents.ValidateAuthorizationRequestContext context)
    {
        if (!ClientMetadataDocuments.IsUrlClientId(context.ClientId) || context.Transaction.GetHttpRequest()?.HttpContext is not { } http)
        {
            return;
        }

        var documents = http.RequestServices.GetRequiredService<ClientMetadataDocuments>();
        var applications = http.RequestServices.GetRequiredService<IOpenIddictApplicationManager>();
        if (await documents.EnsureAsync(context.ClientId!, applications, http.RequestAborted) is { } problem)
        {
            await ProblemResponses.WriteAsync(http, problem.Status, problem.Detail, problem.Type);
            context.HandleRequest(); // answered: OpenIddict goes no further
        }
    }
}
