using System.Text.Json.Serialization;

namespace RepoOrchestrator.Tokens;

/// <summary>What a new named token may do: the fields of `token create` and of `POST /ui/tokens`, as text to check.</summary>
public sealed record TokenRequest(string? Name, string? Role, string? Repos, string? Tools, string? Expires, int? Rate);

/// <summary>A token just created: its settings, and the token itself (the only time it is ever shown).</summary>
public sealed record CreatedToken(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("details")] TokenView Details);

/// <summary>
/// One named token or approved OAuth client as the operator sees it: never the token, never its hash. Times are
/// ISO-8601 UTC; `repos` and `tools` are `*` for all; `kind` is `named` or `oauth` (an approved client, no bearer token).
/// </summary>
public sealed record TokenView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("repos")] string Repos,
    [property: JsonPropertyName("tools")] string Tools,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("expired")] bool Expired,
    [property: JsonPropertyName("rate_per_window")] int? RatePerWindow,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("last_used_at")] DateTimeOffset? LastUsedAt,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("oauth_client")] string? OAuthClient);

/// <summary>
/// `GET /ui/tokens`: the named tokens and approved OAuth clients. OAuth sign-ins waiting for approval are not listed:
/// they are approved only on the consent page the client's own sign-in opens in the operator's browser, so a look-alike
/// request started by someone else never sits in a list next to the real one.
/// </summary>
public sealed record TokenListResponse(
    [property: JsonPropertyName("tokens")] IReadOnlyList<TokenView> Tokens);

/// <summary>`DELETE /ui/tokens/{name}`.</summary>
public sealed record RevokedToken(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("name")] string Name);
