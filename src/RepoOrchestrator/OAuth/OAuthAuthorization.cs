using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Security.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// The authorization and token endpoints after OpenIddict has validated the request (client, redirect URI, PKCE
/// S256, resource). One rule decides: a code is issued only for a request the operator approved on the consent page,
/// bound to that request by a one-time id, for a client whose approval lives in the state store; a token (from a code
/// or a refresh token) only while that approval lives. So `token revoke` of the client's name ends it at the next
/// refresh and, for access tokens, at the next `/mcp` request (<see cref="OAuthBearer"/>). Each code and token names the
/// approval it was issued under: a later approval of the same client does not bring them back.
/// </summary>
internal static class OAuthAuthorization
{
    public const string ConsentParameter = "orch_consent";

    /// <summary>The claim naming the approval a code or token was issued under (<see cref="TokenIdentity.Approval"/>).</summary>
    public const string ApprovalClaim = "orch_approval";

    public static async Task<IResult> AuthorizeAsync(HttpContext context, NamedTokenStore tokens, OAuthConsents consents, OAuthSettings settings, IOpenIddictApplicationManager applications)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not handle this authorization request.");
        var clientId = request.ClientId ?? "";
        var query = Query(request);
        // SECURITY: a decision counts only for the very request the operator saw (same client, redirect, PKCE challenge, state).
        if (consents.TakeDecided((string?)request[ConsentParameter], clientId, query) is { } decided)
        {
            if (decided.Decision == true && tokens.IdentifyClient(clientId) is { } identity)
            {
                return SignIn(clientId, identity, request.GetScopes(), settings);
            }

            return Forbid(OpenIddictConstants.Errors.AccessDenied, "The operator did not approve this client.");
        }

        var application = await applications.FindByClientIdAsync(clientId, context.RequestAborted);
        var name = application is null ? clientId : await applications.GetDisplayNameAsync(application, context.RequestAborted) ?? clientId;
        var id = consents.Add(new PendingConsent(clientId, name, request.RedirectUri ?? "", query));
        return Results.Redirect(OAuthSetup.ConsentPage + "?request=" + id);
    }

    public static async Task<IResult> ExchangeAsync(HttpContext context, NamedTokenStore tokens, OAuthSettings settings)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not handle this token request.");
        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            return Forbid(OpenIddictConstants.Errors.UnsupportedGrantType, "Only authorization_code and refresh_token grants are supported.");
        }

        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var clientId = result.Principal?.GetClaim(Claims.Subject);
        // SECURITY: the approval is read again at every exchange: a revoked or expired client gets no new token, nor does a
        // code or refresh token issued under an approval that was revoked, after the client was approved again.
        if (clientId is null || tokens.IdentifyClient(clientId) is not { } identity || !IssuedUnder(result.Principal!, identity))
        {
            return Forbid(OpenIddictConstants.Errors.InvalidGrant, "This client is not approved (any more); sign in again and ask the operator.");
        }

        return SignIn(clientId, identity, result.Principal!.GetScopes(), settings);
    }

    /// <summary>Whether <paramref name="principal"/> (a code, refresh or access token's) was issued under the client's live approval.</summary>
    public static bool IssuedUnder(ClaimsPrincipal principal, TokenIdentity approval)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(approval);
        return approval.Approval is { } live && string.Equals(principal.GetClaim(ApprovalClaim), live, StringComparison.Ordinal);
    }

    private static IResult SignIn(string clientId, TokenIdentity approval, IEnumerable<string> requestedScopes, OAuthSettings settings)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.Name, approval.Name).SetClaim(ApprovalClaim, approval.Approval);
        // offline_access always: a connector keeps working through refresh; unknown scopes are not granted.
        identity.SetScopes(requestedScopes.Where(s => s == OAuthSetup.McpScope).Append(Scopes.OfflineAccess).Distinct(StringComparer.Ordinal));
        identity.SetResources(settings.Resource); // SECURITY: the access token's audience is /mcp and nothing else
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>The request's parameters as a query string, without the consent id: what the operator's decision is bound to.</summary>
    private static string Query(OpenIddictRequest request) => QueryHelpers.AddQueryString(
        "",
        request.GetParameters()
            .Where(p => !string.Equals(p.Key, ConsentParameter, StringComparison.Ordinal))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new KeyValuePair<string, string?>(p.Key, (string?)p.Value)));
}
