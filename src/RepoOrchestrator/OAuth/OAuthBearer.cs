using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using RepoOrchestrator.Security.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// Who an OAuth access token presented to `/mcp` is: OpenIddict checks its signature, encryption, lifetime, audience
/// (the /mcp resource) and that its entry is not revoked; the client's approval in the state store then gives the
/// name, role, repository scope and expiry it acts with, exactly as for a named token.
/// </summary>
internal static class OAuthBearer
{
    public static async Task<(TokenIdentity Identity, string Fingerprint)?> IdentifyAsync(HttpContext context, NamedTokenStore tokens)
    {
        var result = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        var clientId = result.Succeeded ? result.Principal.GetClaim(Claims.Subject) : null;
        // SECURITY: a valid token of a client whose approval was revoked or expired is no token.
        if (clientId is null || tokens.IdentifyClient(clientId) is not { } identity)
        {
            return null;
        }

        return (identity, TokenFingerprint.Of("oauth-client:" + clientId));
    }
}
