namespace RepoOrchestrator.Security.Authentication;

/// <summary>
/// Another issuer of bearer tokens, asked about a token the <see cref="TokenStore"/> does not know: the OAuth
/// authorization server for `/mcp` when it is on (registered only then). It decides which requests its tokens are for.
/// </summary>
public interface IAccessTokenAuthority
{
    Task<AccessTokenVerdict> IdentifyAsync(HttpContext context);
}
