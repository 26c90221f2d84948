namespace RepoOrchestrator.Configuration;

/// <summary>
/// OAuth 2.1 for `/mcp` (ORCH_OAUTH with ORCH_PUBLIC_URL). <see cref="Enabled"/> is the one switch: when false nothing
/// of OAuth is registered or reachable. <see cref="Resource"/> is the protected resource (`&lt;ORCH_PUBLIC_URL&gt;/mcp`,
/// RFC 8707 audience) and <see cref="ResourceMetadataUrl"/> its RFC 9728 metadata address.
/// </summary>
public sealed record OAuthSettings(bool Enabled, string PublicUrl, string Resource, string ResourceMetadataUrl)
{
    public const string ResourceMetadataPath = "/.well-known/oauth-protected-resource";

    /// <summary>The authorization server's issuer identifier, as its metadata and the resource metadata spell it.</summary>
    public string Issuer => PublicUrl + "/";

    public static OAuthSettings From(OrchestratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var https = o.PublicUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var url) && url.AbsolutePath is "/" or "";
        // SECURITY: auto turns OAuth on only behind an https public address at a host's root (where its endpoints
        // live); off is off whatever the URL.
        var enabled = o.OAuth switch
        {
            OAuthMode.On => true,
            OAuthMode.Off => false,
            _ => https,
        };
        return new(enabled, o.PublicUrl, o.PublicUrl + "/mcp", o.PublicUrl + ResourceMetadataPath);
    }
}
