using System.Net;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Tokens;

/// <summary>The dashboard's tokens panel API: create (shown once), list (never a token), revoke; scoped tokens refused.</summary>
public sealed class TokenEndpointTests
{
    [Fact]
    public async Task Create_ReturnsTheTokenOnce_ItWorks_ListNeverShowsIt_RevokeEndsIt()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(("README.md", "hello\n"));
        await app.SelectAsync(repo);
        using var admin = app.CreateClient(TestRole.Admin);

        using var created = await admin.PostAsync(Url("/ui/tokens?name=ci-bot&role=reader&repos=app&expires=30d&rate=50"), null);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var body = await created.Json();
        var token = body.GetProperty("token").GetString()!;
        Assert.Equal("reader", body.GetProperty("details").GetProperty("role").GetString());
        Assert.Equal("app", body.GetProperty("details").GetProperty("repos").GetString());
        Assert.Equal(50, body.GetProperty("details").GetProperty("rate_per_window").GetInt32());

        using var bot = app.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await bot.Get("/file?path=README.md")).StatusCode);

        var listed = await (await admin.Get("/ui/tokens")).Content.ReadAsStringAsync();
        Assert.Contains("\"ci-bot\"", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(ReadPathTestKit.Sha256(token), listed, StringComparison.Ordinal);
        Assert.DoesNotContain(app.AuditLines("TOKEN_CREATE"), l => l.Contains(token, StringComparison.Ordinal));
        Assert.Single(app.AuditLines("TOKEN_CREATE"));

        using var revoked = await admin.DeleteAsync(Url("/ui/tokens/ci-bot"));
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.Get("/file?path=README.md")).StatusCode);
        Assert.Single(app.AuditLines("TOKEN_REVOKE"));
    }

    [Theory]
    [InlineData("name=admin", "built-in")]
    [InlineData("name=Bad%20Name", "token name")]
    [InlineData("name=x1&role=root", "'role'")]
    [InlineData("name=x1&repos=../outside", "'repos'")]
    [InlineData("name=x1&tools=rm_rf", "'tools'")]
    [InlineData("name=x1&tools=select_repo", "admin tool")]
    [InlineData("name=x1&expires=30", "'expires'")]
    [InlineData("name=x1&rate=0", "'rate'")]
    [InlineData("name=x1&rate=abc", "'rate'")]
    public async Task Create_BadField_Is400NamingIt_AndCreatesNothing(string query, string named)
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);

        using var response = await admin.PostAsync(Url("/ui/tokens?" + query), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Detail(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await admin.Get("/ui/tokens")).Json()).GetProperty("tokens").GetArrayLength());
    }

    [Fact]
    public async Task Create_TakenName_Is409_RevokeUnknown_Is404()
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync(Url("/ui/tokens?name=dup"), null)).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(Url("/ui/tokens?name=dup"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(Url("/ui/tokens/nobody"))).StatusCode);
    }

    [Fact]
    public async Task ScopedAdminToken_CannotMintAWiderOne_NorListOrRevoke()
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);
        var scoped = (await (await admin.PostAsync(Url("/ui/tokens?name=ops&role=admin&repos=app"), null)).Json()).GetProperty("token").GetString()!;
        using var ops = app.CreateClient(scoped);

        using var mint = await ops.PostAsync(Url("/ui/tokens?name=wide&role=admin"), null);
        using var list = await ops.GetAsync(Url("/ui/tokens"));
        using var revoke = await ops.DeleteAsync(Url("/ui/tokens/ops"));

        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
        Assert.Contains("scope", await mint.Detail(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        Assert.Single((await (await admin.Get("/ui/tokens")).Json()).GetProperty("tokens").EnumerateArray());
    }

    [Fact]
    public async Task ReaderToken_Is403()
    {
        await using var app = new OrchestratorApp();
        using var reader = app.CreateClient(TestRole.Actions);

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync(Url("/ui/tokens?name=x1"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync(Url("/ui/tokens"))).StatusCode);
    }

    [Fact]
    public async Task CommandLine_AndDashboard_ShareOneStore()
    {
        await using var app = new OrchestratorApp();
        Assert.Equal(0, (await Infrastructure.Cli.RunAsync(app, "token", "create", "from-cli", "--expires", "7d")).ExitCode);
        using var admin = app.CreateClient(TestRole.Admin);

        var tokens = (await (await admin.Get("/ui/tokens")).Json()).GetProperty("tokens");

        var only = Assert.Single(tokens.EnumerateArray());
        Assert.Equal("from-cli", only.GetProperty("name").GetString());
        Assert.Equal("named", only.GetProperty("kind").GetString());
        Assert.NotEqual(JsonValueKind.Null, only.GetProperty("expires_at").ValueKind);
        Assert.False(only.GetProperty("expired").GetBoolean());
    }
}
