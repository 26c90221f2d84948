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

    [Fact]
    public async Task ApprovedAdmin_GetsAdminTools()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var (_, access, _) = await flow.ApprovedClientAsync(role: "admin");
        var (status, tools) = await flow.ListToolsAsync(access);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(McpToolNames.ReadTools.Concat(McpToolNames.AdminTools).Order(StringComparer.Ordinal), tools.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RepositoryScope_OfTheApproval_AppliesToTheClientsCalls()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var alpha = await app.RepoWith(("a.txt", "alpha\n"));
        var beta = app.CreateRepo("beta");
        beta.Write("b.txt", "beta\n").Commit("b");
        await app.SelectAsync(alpha);
        var (_, access, _) = await flow.ApprovedClientAsync(repos: "beta");

        var inScope = await CallToolAsync(flow, access, McpToolNames.ReadFile, new { path = "b.txt", repo = "beta" });
        Assert.Contains("beta", inScope, StringComparison.Ordinal);
        var outOfScope = await CallToolAsync(flow, access, McpToolNames.ReadFile, new { path = "a.txt", repo = alpha.Name });
        Assert.Contains("\"isError\":true", outOfScope, StringComparison.Ordinal);
        Assert.DoesNotContain("alpha\\n", outOfScope, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Denied_RedirectsWithAccessDenied_AndIssuesNoCode()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var clientId = await flow.RegisterAsync();
        var (_, challenge) = OAuthTestFlow.Pkce();
        var id = await flow.StartAsync(OAuthTestFlow.AuthorizeQuery(clientId, challenge));
        var back = await flow.FinishAsync(await flow.DecideAsync(id, false));
        Assert.Equal("access_denied", back["error"]);
        Assert.False(back.ContainsKey("code"));
        Assert.Empty(app.Service<NamedTokenStore>().List());
        Assert.Single(app.AuditLines("OAUTH_DENY"));
    }

    [Fact]
    public async Task ApprovedClient_SignsInAgain_OnlyWithTheOperatorsConfirmation()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var (clientId, _, _) = await flow.ApprovedClientAsync();
        var (verifier, challenge) = OAuthTestFlow.Pkce();
        // SECURITY: a remembered approval does not let anyone who starts a sign-in get a code: the operator confirms each.
        var id = await flow.StartAsync(OAuthTestFlow.AuthorizeQuery(clientId, challenge, state: "again"));
        using var view = await flow.Admin.GetAsync(new Uri("/oauth/consent/" + id, UriKind.Relative));
        Assert.Equal("oauth-test-client", (await view.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("approved_as").GetString());
        var back = await flow.FinishAsync(await flow.DecideAsync(id, true));
        var tokens = await flow.ExchangeAsync(clientId, back["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, (await flow.ListToolsAsync(tokens.GetProperty("access_token").GetString()!)).Status);
        Assert.Single(app.Service<NamedTokenStore>().List());
    }

    [Fact]
    public async Task ConsentDecision_CountsOnlyForTheRequestTheOperatorSaw_Once()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var clientId = await flow.RegisterAsync();
        var (_, challenge) = OAuthTestFlow.Pkce();
        var (_, otherChallenge) = OAuthTestFlow.Pkce();
        var id = await flow.StartAsync(OAuthTestFlow.AuthorizeQuery(clientId, challenge));
        var redirect = await flow.DecideAsync(id, true);

        // The approved id glued to another request (another PKCE challenge) parks that request for consent instead.
        var forged = OAuthTestFlow.AuthorizeQuery(clientId, otherChallenge) + "&orch_consent=" + id;
        Assert.NotEqual(id, await flow.StartAsync(forged));
        // A second decision on the same id is refused.
        using var again = await OAuthTestFlow.DecideRawAsync(flow.Admin, id, new { approve = true });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        // The genuine request still gets its code, once.
        Assert.True((await flow.FinishAsync(redirect)).ContainsKey("code"));
        Assert.NotEqual(id, await flow.StartAsync(redirect));
    }

    [Theory]
    [InlineData(TestRole.Actions, HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task ConsentApi_IsAdminOnly(TestRole? role, HttpStatusCode expected)
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var clientId = await flow.RegisterAsync();
        var id = await flow.StartAsync(OAuthTestFlow.AuthorizeQuery(clientId, OAuthTestFlow.Pkce().Challenge));
        using var client = role is { } r ? app.CreateClient(r) : app.CreateClient();
        using var view = await client.GetAsync(new Uri("/oauth/consent/" + id, UriKind.Relative));
        Assert.Equal(expected, view.StatusCode);
        using var decide = await OAuthTestFlow.DecideRawAsync(client, id, new { approve = true });
        Assert.Equal(expected, decide.StatusCode);
        Assert.Empty(app.Service<NamedTokenStore>().List());
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    public async Task AuthorizationRequest_WithoutS256_IsRefused(string method)
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var clientId = await flow.RegisterAsync();
        var url = method.Length == 0
            ? OAuthTestFlow.AuthorizeQuery(clientId, "x", method: "S256").Replace("code_challenge=x&code_challenge_method=S256&", "", StringComparison.Ordinal)
            : OAuthTestFlow.AuthorizeQuery(clientId, "a-plain-challenge-of-enough-length-0123456789", method: method);
        using var response = await flow.Browser.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("code_challenge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7777/other")]
    [InlineData("https://evil.example/callback")]
    public async Task AuthorizationRequest_ToAnUnregisteredRedirect_IsRefusedWithoutRedirecting(string redirect)
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var clientId = await flow.RegisterAsync();
        using var response = await flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(clientId, OAuthTestFlow.Pkce().Challenge, redirect: redirect), UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // SECURITY: no open redirect
        Assert.Null(response.Headers.Location);
        // The error page reflects nothing a browser would run.
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(redirect, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorizationRequest_ForAnotherResource_IsRefused()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var clientId = await flow.RegisterAsync();
        using var response = await flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(clientId, OAuthTestFlow.Pkce().Challenge, resource: "https://other.example/mcp"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_target", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeExchange_NeedsTheVerifier_AndTheCodeWorksOnce()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var clientId = await flow.RegisterAsync();
        var (verifier, challenge) = OAuthTestFlow.Pkce();
        var id = await flow.StartAsync(OAuthTestFlow.AuthorizeQuery(clientId, challenge));
        var code = (await flow.FinishAsync(await flow.DecideAsync(id, true)))["code"];
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = clientId, ["code"] = code,
            ["code_verifier"] = OAuthTestFlow.Pkce().Verifier, ["redirect_uri"] = OAuthTestFlow.RedirectUri,
        };
        using (var wrong = await flow.TokenRawAsync(form))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Equal("invalid_grant", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }

        form["code_verifier"] = verifier;
        using (var right = await flow.TokenRawAsync(form))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }

        using var replay = await flow.TokenRawAsync(form);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("invalid_grant", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Code_IssuedToOneClient_CannotBeRedeemedByAnother()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var clientId = await flow.RegisterAsync("victim");
        var thief = await flow.RegisterAsync("thief");
        var (verifier, challenge) = OAuthTestFlow.Pkce();
        var id = await flow.StartAsync(OAuthTestFlow.AuthorizeQuery(clientId, challenge));
        var code = (await flow.FinishAsync(await flow.DecideAsync(id, true)))["code"];
        using var stolen = await flow.TokenRawAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = thief, ["code"] = code,
            ["code_verifier"] = verifier, ["redirect_uri"] = OAuthTestFlow.RedirectUri,
        });
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
    }

    [Fact]
    public async Task TokenRequest_WithoutResource_StillGetsTheMcpAudience()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var clientId = await flow.RegisterAsync();
        var (verifier, challenge) = OAuthTestFlow.Pkce();
        var id = await flow.StartAsync(OAuthTestFlow.AuthorizeQuery(clientId, challenge, resource: null));
        var code = (await flow.FinishAsync(await flow.DecideAsync(id, true)))["code"];
        var tokens = await flow.ExchangeAsync(clientId, code, verifier, resource: null);
        Assert.Equal(HttpStatusCode.OK, (await flow.ListToolsAsync(tokens.GetProperty("access_token").GetString()!)).Status);
    }

    [Fact]
    public async Task Lockdown_RefusesRegistrationSignInAndNewTokens()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var (clientId, access, refresh) = await flow.ApprovedClientAsync();
        using var bad = app.CreateClient("not-a-real-token-0123456789abcdef");
        for (var i = 0; i < 6; i++)
        {
            using var _ = await bad.GetAsync(new Uri("/status", UriKind.Relative));
        }

        Assert.True(app.Service<RepoOrchestrator.Security.Panic.PanicService>().IsPanicOn());
        using var register = await flow.RegisterRawAsync(new { client_name = "x", redirect_uris = new[] { OAuthTestFlow.RedirectUri } });
        Assert.NotEqual(HttpStatusCode.Created, register.StatusCode);
        using var refreshed = await flow.RefreshRawAsync(clientId, refresh);
        Assert.NotEqual(HttpStatusCode.OK, refreshed.StatusCode);
        // Like every valid token, a live access token still passes lockdown (the operator revokes it by name).
        Assert.Equal(HttpStatusCode.OK, (await flow.ListToolsAsync(access)).Status);
        using var authorize = await flow.Browser.GetAsync(new Uri(OAuthTestFlow.AuthorizeQuery(clientId, OAuthTestFlow.Pkce().Challenge), UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.Redirect, authorize.StatusCode);
    }

    [Fact]
    public async Task RefreshToken_Rotates_AndTheOldOneIsDead()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var (clientId, _, refresh) = await flow.ApprovedClientAsync();
        using var first = await flow.RefreshRawAsync(clientId, refresh);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var rotated = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(refresh, rotated.GetProperty("refresh_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await flow.ListToolsAsync(rotated.GetProperty("access_token").GetString()!)).Status);

        using var reuse = await flow.RefreshRawAsync(clientId, refresh);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        // SECURITY: a replayed refresh token means it leaked: the whole family ends, the rotated tokens included (RFC 9700).
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.ListToolsAsync(rotated.GetProperty("access_token").GetString()!)).Status);
        using var rotatedRefresh = await flow.RefreshRawAsync(clientId, rotated.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, rotatedRefresh.StatusCode);
    }

    [Fact]
    public async Task TokenRevoke_OfTheClientsName_EndsAccessAndRefresh_FromTheNextRequest()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var (clientId, access, refresh) = await flow.ApprovedClientAsync(approvalName: "ci-connector");
        Assert.Equal(HttpStatusCode.OK, (await flow.ListToolsAsync(access)).Status);

        Assert.True(app.Service<NamedTokenStore>().Revoke("ci-connector"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.ListToolsAsync(access)).Status);
        using var refreshed = await flow.RefreshRawAsync(clientId, refresh);
        Assert.Equal(HttpStatusCode.BadRequest, refreshed.StatusCode);
        Assert.Equal("invalid_grant", (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task CommandLine_ListsTheApprovedClient_AndRevokesIt()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var (_, access, _) = await flow.ApprovedClientAsync(approvalName: "claude-web", repos: "app");

        var list = await Infrastructure.Cli.RunAsync(app, "token", "list");
        Assert.Contains(list.OutputLines, l => l.StartsWith("claude-web\treader\tapp\t", StringComparison.Ordinal) && l.EndsWith("\toauth", StringComparison.Ordinal));
        Assert.DoesNotContain(access, list.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await Infrastructure.Cli.RunAsync(app, "token", "revoke", "claude-web")).ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.ListToolsAsync(access)).Status);
    }

    [Fact]
    public async Task RevocationEndpoint_EndsTheAccessToken()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var (clientId, access, _) = await flow.ApprovedClientAsync();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = access, ["client_id"] = clientId });
        using var revoked = await flow.Browser.PostAsync(new Uri("/oauth/revoke", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.ListToolsAsync(access)).Status);
    }

    [Fact]
    public async Task Expiry_AccessTokenAfterTenMinutes_ApprovalAfterItsOwnLifetime()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        app.Time.SetUtcNow(DateTimeOffset.UtcNow);
        using var flow = new OAuthTestFlow(app);
        var (clientId, access, refresh) = await flow.ApprovedClientAsync(expires: "1h");

        app.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.ListToolsAsync(access)).Status);
        using var refreshed = await flow.RefreshRawAsync(clientId, refresh);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var next = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, (await flow.ListToolsAsync(next.GetProperty("access_token").GetString()!)).Status);

        app.Time.Advance(TimeSpan.FromMinutes(50)); // past the approval's hour
        using var late = await flow.RefreshRawAsync(clientId, next.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
    }

    [Fact]
    public async Task ExpiredApproval_IsApprovedAnew_OnTheNextSignIn()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        app.Time.SetUtcNow(DateTimeOffset.UtcNow);
        using var flow = new OAuthTestFlow(app);
        var (clientId, _, _) = await flow.ApprovedClientAsync(expires: "1h", approvalName: "short-lived");
        app.Time.Advance(TimeSpan.FromHours(2));

        var (verifier, challenge) = OAuthTestFlow.Pkce();
        var id = await flow.StartAsync(OAuthTestFlow.AuthorizeQuery(clientId, challenge));
        using var view = await flow.Admin.GetAsync(new Uri("/oauth/consent/" + id, UriKind.Relative));
        Assert.Equal(JsonValueKind.Null, (await view.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("approved_as").ValueKind);
        var back = await flow.FinishAsync(await flow.DecideAsync(id, true, "renewed", "reader"));
        var tokens = await flow.ExchangeAsync(clientId, back["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, (await flow.ListToolsAsync(tokens.GetProperty("access_token").GetString()!)).Status);
        Assert.Equal(["renewed"], app.Service<NamedTokenStore>().List().Select(t => t.Name));
    }

    [Fact]
    public async Task StaleAccessTokens_AskForARefresh_AndAreNoLockdownEvidence_WhileForgedOnesAre()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        app.Time.SetUtcNow(DateTimeOffset.UtcNow);
        using var flow = new OAuthTestFlow(app);
        var (_, access, _) = await flow.ApprovedClientAsync();
        app.Time.Advance(TimeSpan.FromMinutes(11));

        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await flow.ListToolsAsync(access)).Status);
        }

        using var client = app.CreateClient(access);
        using var response = await client.PostAsync(new Uri("/mcp", UriKind.Relative), JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "tools/list" }));
        Assert.StartsWith("Bearer error=\"invalid_token\", resource_metadata=", response.Headers.WwwAuthenticate.Single().ToString(), StringComparison.Ordinal);
        var panic = app.Service<RepoOrchestrator.Security.Panic.PanicService>();
        Assert.False(panic.IsPanicOn());
        Assert.Empty(panic.RecentEvents());

        // A forged token that only looks like one (another key, same shape) is a bad token like any other.
        var forged = access[..^10] + "AAAAAAAAAA";
        for (var i = 0; i < 6; i++)
        {
            await flow.ListToolsAsync(forged);
        }

        Assert.True(panic.IsPanicOn());
    }

    [Fact]
    public async Task OurBearerTokens_StillWork_AndAnOAuthTokenOpensNothingButMcp()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var (_, access, _) = await flow.ApprovedClientAsync(role: "admin");
        using var status = await app.CreateClient(access).GetAsync(new Uri("/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        using var admin = await flow.Admin.GetAsync(new Uri("/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    private static async Task<string> CallToolAsync(OAuthTestFlow flow, string access, string tool, object arguments)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/mcp", UriKind.Relative))
        {
            Content = JsonContent.Create(new { jsonrpc = "2.0", id = 2, method = "tools/call", @params = new { name = tool, arguments } }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", access);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await flow.Browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
