using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using RepoOrchestrator.Security.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace RepoOrchestrator.OAuth;

/// <summary>What an access token presented to `/mcp` is.</summary>
internal enum OAuthTokenKind
{
    /// <summary>Not a token of this server (forged, garbage, another server's): a bad token like any other.</summary>
    Unknown,

    /// <summary>A token this server issued that is expired or revoked, or whose client's approval ended: the client refreshes or signs in again.</summary>
    Stale,

    Live,
}

/// <summary>
/// Who an OAuth access token presented to `/mcp` is: OpenIddict checks its signature, encryption, lifetime, audience
/// (the /mcp resource) and that its entry is not revoked; the client's approval in the state store then gives the
/// name, role, repository scope and expiry it acts with, exactly as for a named token. A token that proves it was
/// issued here but is no longer valid is <see cref="OAuthTokenKind.Stale"/>: an ordinary event of a connector's
/// life (tokens last 10 minutes), not an attack, so it does not count towards lockdown.
/// </summary>
internal static class OAuthBearer
{
    /// <summary>OpenIddict's error for a token that passed its signature and encryption checks but is expired or revoked.</summary>
    private const string NoLongerValidError = "/ID2019";

    public static async Task<(OAuthTokenKind Kind, TokenIdentity? Identity, string Fingerprint)> IdentifyAsync(HttpContext context, NamedTokenStore tokens)
    {
        var result = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            // SECURITY: only a token that verified as ours can reach this code; a forged one fails its signature first.
            var stale = result.Properties?.Items.TryGetValue(".error_uri", out var uri) == true
                && uri?.EndsWith(NoLongerValidError, StringComparison.Ordinal) == true;
            return (stale ? OAuthTokenKind.Stale : OAuthTokenKind.Unknown, null, "");
        }

        var clientId = result.Principal.GetClaim(Claims.Subject);
        // SECURITY: a valid token of a client whose approval was revoked or expired is no token.
        if (clientId is null || tokens.IdentifyClient(clientId) is not { } identity)
        {
            return (clientId is null ? OAuthTokenKind.Unknown : OAuthTokenKind.Stale, null, "");
        }

        return (OAuthTokenKind.Live, identity, TokenFingerprint.Of("oauth-client:" + clientId));
    }
}
