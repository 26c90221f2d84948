namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// The <see cref="TokenStore"/>'s answer for a request's bearer token, asked once per request (issue 19). The rate
/// limiter (which runs before authentication, to give each token its own bucket) and the authentication handler
/// both need it; asking twice cost every request a second stat of the token file and two more SHA-256 hashes. The
/// answer is kept in the request's items and given again only for the same token text in the same request, so a
/// rotated or revoked token still takes effect on the next request, as before.
/// </summary>
public static class RequestTokenCheck
{
    private static readonly object Key = new();

    /// <summary>Who <paramref name="token"/> is (null: unknown, expired or too short) and its fingerprint.</summary>
    public static (TokenIdentity? Identity, string Fingerprint) Identify(HttpContext context, TokenStore tokens, string token)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(token);
        // SECURITY: reused only within this request and only for the very same token text.
        if (context.Items.TryGetValue(Key, out var kept) && kept is Answer answer && string.Equals(answer.Token, token, StringComparison.Ordinal))
        {
            return (answer.Identity, answer.Fingerprint);
        }

        var identity = tokens.Identify(token);
        var fingerprint = TokenFingerprint.Of(token);
        context.Items[Key] = new Answer(token, identity, fingerprint);
        return (identity, fingerprint);
    }

    private sealed record Answer(string Token, TokenIdentity? Identity, string Fingerprint);
}
