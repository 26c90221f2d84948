using System.Text.Json.Serialization;

namespace RepoOrchestrator.OAuth;

/// <summary>RFC 9728 protected-resource metadata for `/mcp` (member names as the RFC spells them).</summary>
public sealed record ProtectedResourceMetadata(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("authorization_servers")] IReadOnlyList<string> AuthorizationServers,
    [property: JsonPropertyName("bearer_methods_supported")] IReadOnlyList<string> BearerMethodsSupported,
    [property: JsonPropertyName("resource_name")] string ResourceName);
