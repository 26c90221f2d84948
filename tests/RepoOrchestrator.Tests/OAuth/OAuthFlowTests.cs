using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Reading;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.OAuth;

/// <summary>
/// OAuth 2.1 for /mcp (issue 17) in process: metadata, the consent-gated code flow with PKCE S256, token use on /mcp
/// with the approval's role, scope and expiry, refresh rotation, and revocation through `token revoke`.
/// </summary>
public sealed class OAuthFlowTests
{
    [Fact]
    public async Task AuthorizationServerMetadata_AdvertisesS256Only_Registration_AndTheEndpoints()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        using var response = await flow.Browser.GetAsync(new Uri("/.well-known/oauth-authorization-server", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("http://localhost/", doc.GetProperty("issuer").GetString());
        Assert.Equal(["S256"], doc.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("http://localhost/oauth/register", doc.GetProperty("registration_endpoint").GetString());
        Assert.Equal("http://localhost/oauth/authorize", doc.GetProperty("authorization_endpoint").GetString());
        Assert.Equal("http://localhost/oauth/token", doc.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://localhost/oauth/revoke", doc.GetProperty("revocation_endpoint").GetString());
        Assert.DoesNotContain("implicit", doc.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ApprovedReader_CallsMcp_WithReaderTools_AndIsAuditedByName()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var (_, access, refresh) = await flow.ApprovedClientAsync("Claude <b>|x\n", approvalName: "claude-web");
        Assert.False(string.IsNullOrEmpty(refresh));

        var (status, tools) = await flow.ListToolsAsync(access);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(McpToolNames.ReadTools.Order(StringComparer.Ordinal), tools.Order(StringComparer.Ordinal));
        var listed = app.Service<NamedTokenStore>().List().Single(t => t.Name == "claude-web");
        Assert.NotNull(listed.OAuthClient);
        Assert.Equal(OrchestratorRole.Actions, listed.Role);
        Assert.Contains(app.AuditLines("OAUTH_APPROVE"), l => l.Contains("claude-web", StringComparison.Ordinal));
    }
}
