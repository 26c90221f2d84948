using System.Text.Json.Serialization;

namespace RepoOrchestrator.OAuth;

/// <summary>RFC 9728 protected-resource metadata for `/mcp` (member names as the RFC spells them).</summary>
public sealed record ProtectedResourceMetadata(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("authorization_servers")] IReadOnlyList<string> AuthorizationServers,
    [property: JsonPropertyName("bearer_methods_supported")] IReadOnlyList<string> BearerMethodsSupported,
    [property: JsonPropertyName("resource_name")] string ResourceName);

/// <summary>An RFC 7591 registration request: the members this server reads (others are ignored).</summary>
public sealed record ClientRegistrationRequest(
    [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string>? RedirectUris,
    [property: JsonPropertyName("client_name")] string? ClientName,
    [property: JsonPropertyName("grant_types")] IReadOnlyList<string>? GrantTypes,
    [property: JsonPropertyName("response_types")] IReadOnlyList<string>? ResponseTypes,
    [property: JsonPropertyName("token_endpoint_auth_method")] string? TokenEndpointAuthMethod);

/// <summary>The RFC 7591 answer: a public client (no secret), PKCE required, until the operator approves it able to do nothing.</summary>
public sealed record ClientRegistrationResponse(
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_id_issued_at")] long ClientIdIssuedAt,
    [property: JsonPropertyName("client_name")] string ClientName,
    [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string> RedirectUris,
    [property: JsonPropertyName("grant_types")] IReadOnlyList<string> GrantTypes,
    [property: JsonPropertyName("response_types")] IReadOnlyList<string> ResponseTypes,
    [property: JsonPropertyName("token_endpoint_auth_method")] string TokenEndpointAuthMethod);

/// <summary>An authorization request waiting for the operator's decision (<see cref="OAuthConsents"/>).</summary>
public sealed record PendingConsent(string ClientId, string ClientName, string RedirectUri, string Query)
{
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Null until the operator decides; true approved, false denied.</summary>
    public bool? Decision { get; init; }
}

/// <summary>What the consent page shows: who asks, where the code would go, and the approval it already has if any.</summary>
public sealed record ConsentView(
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_name")] string ClientName,
    [property: JsonPropertyName("redirect_uri")] string RedirectUri,
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("approved_as")] string? ApprovedAs,
    [property: JsonPropertyName("suggested_name")] string SuggestedName);

/// <summary>The operator's decision. For a first approval: the name it is listed and audited under, role, repositories, expiry.</summary>
public sealed record ConsentDecision(
    [property: JsonPropertyName("approve")] bool Approve,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("repos")] string? Repos,
    [property: JsonPropertyName("expires")] string? Expires);

/// <summary>Where the consent page sends the browser next: back to this server's authorization endpoint.</summary>
public sealed record ConsentResult([property: JsonPropertyName("redirect")] string Redirect);
