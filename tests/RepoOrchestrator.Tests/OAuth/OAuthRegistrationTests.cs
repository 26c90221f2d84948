using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.OAuth;

/// <summary>RFC 7591 registration: public clients only, safe redirect URIs, bounded input, names cleaned; off means absent.</summary>
public sealed class OAuthRegistrationTests
{
    [Fact]
    public async Task Register_GivesAPublicClient_WhateverAuthMethodWasAsked()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        using var response = await flow.RegisterRawAsync(new
        {
            client_name = "Claude",
            redirect_uris = new[] { "https://claude.ai/api/mcp/auth_callback" },
            token_endpoint_auth_method = "client_secret_post",
            grant_types = new[] { "authorization_code", "refresh_token" },
            response_types = new[] { "code" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var doc = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("orch-", doc.GetProperty("client_id").GetString(), StringComparison.Ordinal);
        Assert.Equal("none", doc.GetProperty("token_endpoint_auth_method").GetString());
        Assert.False(doc.TryGetProperty("client_secret", out _));
    }

    [Theory]
    [InlineData("http://evil.example/cb", "must be https")]
    [InlineData("javascript:alert(1)", "must be https")]
    [InlineData("https://ok.example/cb#frag", "no fragment")]
    [InlineData("https://user:pw@ok.example/cb", "no fragment and no user info")]
    [InlineData("/relative", "must be https")]
    [InlineData("not a url", "absolute URL")]
    public async Task Register_RefusesUnsafeRedirects(string redirect, string detail)
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        using var response = await flow.RegisterRawAsync(new { client_name = "x", redirect_uris = new[] { redirect } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:3000/cb")]
    [InlineData("http://127.0.0.1:51234/callback")]
    [InlineData("http://[::1]:8080/cb")]
    public async Task Register_AcceptsLoopbackHttp(string redirect)
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        using var response = await flow.RegisterRawAsync(new { client_name = "cli", redirect_uris = new[] { redirect } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Register_RefusesBadShapes_WithAClearDetail()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var cases = new (object Body, string Detail)[]
        {
            (new { client_name = "x" }, "redirect_uris must hold 1 to 5"),
            (new { redirect_uris = Enumerable.Repeat("https://a.example/cb", 6).ToArray() }, "redirect_uris must hold 1 to 5"),
            (new { redirect_uris = new[] { "https://a.example/" + new string('a', 600) } }, "at most 512"),
            (new { redirect_uris = new[] { "https://a.example/cb" }, client_name = new string('n', 101) }, "client_name is at most 100"),
            (new { redirect_uris = new[] { "https://a.example/cb" }, grant_types = new[] { "client_credentials" } }, "grant_types"),
            (new { redirect_uris = new[] { "https://a.example/cb" }, response_types = new[] { "token" } }, "response_types"),
            (new { redirect_uris = "https://a.example/cb" }, "not valid JSON of the expected shape"),
        };
        foreach (var (body, detail) in cases)
        {
            using var response = await flow.RegisterRawAsync(body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Register_RefusesHugeAndNonJsonBodies()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        using var huge = new StringContent("{\"client_name\":\"" + new string('a', 20_000) + "\"}", Encoding.UTF8, "application/json");
        using var tooLarge = await flow.Browser.PostAsync(new Uri("/oauth/register", UriKind.Relative), huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        using var form = new StringContent("client_name=x", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var notJson = await flow.Browser.PostAsync(new Uri("/oauth/register", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
    }

    [Fact]
    public async Task ClientName_WithMarkupAndHiddenCharacters_IsShownCleaned_AndAuditedSafely()
    {
        await using var app = new OrchestratorApp();
        using var flow = new OAuthTestFlow(app);
        var clientId = await flow.RegisterAsync("<img src=x onerror=alert(1)>\u202E|\nA");
        var id = await flow.StartAsync(OAuthTestFlow.AuthorizeQuery(clientId, OAuthTestFlow.Pkce().Challenge));
        using var view = await flow.Admin.GetAsync(new Uri("/oauth/consent/" + id, UriKind.Relative));
        var doc = await view.Content.ReadFromJsonAsync<JsonElement>();
        var name = doc.GetProperty("client_name").GetString()!;
        Assert.DoesNotContain('\u202E', name);
        Assert.DoesNotContain('\n', name);
        Assert.Equal("oauth-img-src-x-onerror-alert-1-a", doc.GetProperty("suggested_name").GetString());
        await flow.DecideAsync(id, false);
        Assert.All(app.AuditLines("OAUTH_DENY"), line => Assert.DoesNotContain("<img", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Off_NoOAuthEndpointExists()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_PUBLIC_URL", "https://orch.example.com").With("ORCH_OAUTH", "off");
        using var admin = app.CreateClient(TestRole.Admin);
        foreach (var path in new[] { "/oauth/register", "/oauth/token", "/oauth/revoke", "/oauth/consent/x" })
        {
            using var content = JsonContent.Create(new { });
            using var response = await admin.PostAsync(new Uri(path, UriKind.Relative), content);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }

        foreach (var path in new[] { "/oauth/authorize", "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration" })
        {
            using var response = await admin.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }

        Assert.False(Directory.Exists(Path.Combine(app.Home, "oauth")));
    }

    [Theory]
    [InlineData("")] // a crash between making the file and writing it (the key was written in place before)
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n")] // cut off
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task On_AKeyFileThatHoldsNoKey_StopsTheStartWithALineNamingIt(string content)
    {
        using var home = new TempDirectory("orch-oauth-home");
        var oauth = Path.Combine(home.Path, "oauth");
        Directory.CreateDirectory(oauth, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var key = Path.Combine(oauth, "signing-key.pem");
        File.WriteAllText(key, content);
        using var root = new TempDirectory("orch-oauth-root");

        var ex = await Assert.ThrowsAsync<RepoOrchestrator.Hosting.StartupCheckException>(async () =>
        {
            await using var app = RepoOrchestrator.Hosting.OrchestratorApplication.Build(
                [$"--ORCH_HOME={home.Path}", $"--ORCH_REPO_ROOT={root.Path}", "--ORCH_PORT=0", "--ORCH_OAUTH=on", $"--ORCH_PUBLIC_URL={OAuthTestFlow.PublicUrl}"]);
            await app.StartAsync();
        });

        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Move it away", ex.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(key)); // never replaced behind the operator's back
    }

    [Fact]
    public async Task On_NewKeys_LeaveNoDraftBehind()
    {
        using var home = new TempDirectory("orch-oauth-home");
        await using (var app = new OrchestratorApp(home: home.Path))
        {
            using var flow = new OAuthTestFlow(app);
            await flow.RegisterAsync();
        }

        var files = Directory.GetFiles(Path.Combine(home.Path, "oauth")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.DoesNotContain(files, f => f!.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Contains("signing-key.pem", files);
        Assert.Contains("encryption-key.pem", files);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task On_KeysAndStoreAreOwnerOnly_AndSurviveARestart()
    {
        using var home = new TempDirectory("orch-oauth-home");
        string firstKey;
        await using (var app = new OrchestratorApp(home: home.Path))
        {
            using var flow = new OAuthTestFlow(app);
            await flow.RegisterAsync();
            firstKey = await File.ReadAllTextAsync(Path.Combine(home.Path, "oauth", "signing-key.pem"));
        }

        foreach (var file in new[] { "signing-key.pem", "encryption-key.pem", "oauth.db" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home.Path, "oauth", file)));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(home.Path, "oauth")));
        await using var again = new OrchestratorApp(home: home.Path);
        using var second = new OAuthTestFlow(again);
        await second.RegisterAsync();
        Assert.Equal(firstKey, await File.ReadAllTextAsync(Path.Combine(home.Path, "oauth", "signing-key.pem")));
    }
}
