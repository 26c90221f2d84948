using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using RepoOrchestrator.Security.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace RepoOrchestrator.OAuth;

/// <summary>
/// Who an OAuth access token presented to `/mcp` (the one resource these tokens are for) is: OpenIddict checks its
/// signature, encryption, lifetime, audience and that its entry is not revoked; the client's approval in the state
/// store then gives the name, role, repository scope and expiry it acts with, exactly as for a named token. A token
/// that proves it was issued here but is no longer valid is <see cref="AccessTokenKind.Stale"/>: an ordinary event
/// of a connector's life (tokens last 10 minutes), not an attack, so it does not count towards lockdown.
/// </summary>
internal sealed class OAuthBearer(NamedTokenStore tokens) : IAccessTokenAuthority
{
    /// <summary>OpenIddict's error for a token that passed its signature and encryption checks but is expired or revoked.</summary>
    private const string NoLongerValidError = "/ID2019";

    public async Task<AccessTokenVerdict> IdentifyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.StartsWithSegments("/mcp", StringComparison.Ordinal))
        {
            return AccessTokenVerdict.Unknown; // SECURITY: an OAuth token opens /mcp and nothing else
        }

        var result = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            // SECURITY: only a token that verified as ours gets this error; a forged one fails its signature first.
            var stale = result.Properties?.Items.TryGetValue(".error_uri", out var uri) == true
                && uri?.EndsWith(NoLongerValidError, StringComparison.Ordinal) == true;
            return stale ? AccessTokenVerdict.Stale : AccessTokenVerdict.Unknown;
        }

        var clientId = result.Principal.GetClaim(Claims.Subject);
        if (clientId is null)
        {
            return AccessTokenVerdict.Unknown;
        }

        // SECURITY: a valid token of a client whose approval was revoked or expired is no token, nor is one issued under an
        // approval that was revoked before the client was approved again.
        return tokens.IdentifyClient(clientId) is { } identity && OAuthAuthorization.IssuedUnder(result.Principal, identity)
            ? new AccessTokenVerdict(AccessTokenKind.Live, identity, TokenFingerprint.Of("oauth-client:" + clientId))
            : AccessTokenVerdict.Stale;
    }
}
