using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Errors;

namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// Authenticates `Authorization: Bearer &lt;token&gt;` against the <see cref="TokenStore"/>. No header means
/// no identity; a present but wrong token is a failure that observers (panic mode) hear about. Public endpoints
/// (<see cref="PublicEndpoint"/>: `/`, `/health`, the OpenAPI document) never evaluate the token at all, so a bad
/// token sent there records no event and writes no log line (they need no identity; a flood there costs nothing). Challenges answer 401 problem+json `Token missing` / `Invalid token` with
/// `WWW-Authenticate: Bearer` (on `/mcp` with OAuth on: `Bearer resource_metadata="…"`, RFC 9728).
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenStore tokens,
    IEnumerable<IAccessTokenAuthority> authorities,
    OAuthSettings oauth,
    IEnumerable<IInvalidTokenObserver> observers)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string InvalidTokenDetail = "Invalid token";
    public const string MissingTokenDetail = "Token missing";

    private static readonly object PresentedTokenKey = new();
    private static readonly object StaleOAuthTokenKey = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // SECURITY: authentication runs only where an endpoint needs an identity; public endpoints never look at the token.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<PublicEndpoint>() is not null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!Request.Headers.TryGetValue("Authorization", out var header) || header.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var value = header.ToString();
        Context.Items[PresentedTokenKey] = true;
        var token = value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : "";
        var (identity, fingerprint) = token.Length == 0 ? (null, "") : RequestTokenCheck.Identify(Context, tokens, token);
        // Another issuer (OAuth for /mcp, when on) may know a token the store does not.
        foreach (var authority in token.Length == 0 || identity is not null ? [] : authorities)
        {
            var verdict = await authority.IdentifyAsync(Context);
            if (verdict.Kind == AccessTokenKind.Stale)
            {
                // An expired or revoked token it issued: the client refreshes or signs in again; no lockdown evidence.
                Context.Items[StaleOAuthTokenKey] = true;
                return AuthenticateResult.Fail(InvalidTokenDetail);
            }

            if (verdict is { Kind: AccessTokenKind.Live, Identity: { } known })
            {
                (identity, fingerprint) = (known, verdict.Fingerprint);
                break;
            }
        }

        if (identity is null)
        {
            foreach (var observer in observers)
            {
                await observer.OnInvalidTokenAsync(Context, token);
            }

            return AuthenticateResult.Fail(InvalidTokenDetail);
        }

        var principal = OrchestratorClaims.CreatePrincipal(identity, fingerprint);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // With OAuth on, a 401 from /mcp names the RFC 9728 metadata so an MCP client can discover the authorization server.
        // A stale OAuth token also says error="invalid_token" (RFC 6750), which tells the client to refresh.
        Response.Headers.WWWAuthenticate = !oauth.Enabled || !Request.Path.StartsWithSegments("/mcp", StringComparison.Ordinal)
            ? "Bearer"
            : Context.Items.ContainsKey(StaleOAuthTokenKey)
                ? $"Bearer error=\"invalid_token\", resource_metadata=\"{oauth.ResourceMetadataUrl}\""
                : $"Bearer resource_metadata=\"{oauth.ResourceMetadataUrl}\"";
        var detail = Context.Items.ContainsKey(PresentedTokenKey) ? InvalidTokenDetail : MissingTokenDetail;
        return ProblemResponses.WriteAsync(Context, StatusCodes.Status401Unauthorized, detail, "unauthorized");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemResponses.WriteAsync(Context, StatusCodes.Status403Forbidden, ReadOnlyForbiddenDetail, "forbidden");

    public const string ReadOnlyForbiddenDetail = "Read-only token cannot access this endpoint";
}
