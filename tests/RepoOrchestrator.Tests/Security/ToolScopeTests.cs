using System.Net;
using Microsoft.Data.Sqlite;
using RepoOrchestrator.Configuration;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.State;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Security;

/// <summary>
/// Issue 17, a token's optional tool scope: `token create --tools` limits the MCP tools it sees and can call and the
/// HTTP endpoints mirroring them; an endpoint that mirrors no tool is refused to it (fail closed).
/// </summary>
public sealed class ToolScopeTests
{
    [Fact]
    public async Task ToolScopedToken_SeesAndCallsOnlyItsTools_OverMcpAndHttp()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "print(1)\n"));
        var token = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "create", "reader-one", "--tools", "read_file,list_tree")).OutputLines);
        using var http = app.CreateClient(token);
        await using var mcp = await app.ConnectInProcessAsync(token);

        var tools = (await mcp.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal([McpToolNames.ListTree, McpToolNames.ReadFile], tools);
        Assert.NotEqual(true, (await mcp.CallAsync(McpToolNames.ReadFile, ("path", "a.py"))).IsError);
        await Assert.ThrowsAnyAsync<Exception>(() => mcp.CallAsync(McpToolNames.Search, ("query", "print"))); // unknown to its server

        Assert.Equal(HttpStatusCode.OK, (await http.Get("/file?path=a.py")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.Get("/tree")).StatusCode);
        foreach (var url in new[] { "/search?q=print", "/diff", "/git/log", "/status", "/ui/status" })
        {
            using var refused = await http.Get(url);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("may use only the tools list_tree,read_file", await refused.Detail(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnscopedNamedToken_UsesEveryToolOfItsRole()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "print(1)\n"));
        var token = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "create", "reader-all")).OutputLines);
        await using var mcp = await app.ConnectInProcessAsync(token);

        Assert.Equal(McpToolNames.ReadTools.Order(StringComparer.Ordinal), (await mcp.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient(token).Get("/search?q=print")).StatusCode);
    }

    [Theory]
    [InlineData("reader", "read_file,nope", "'nope' is not a tool")]
    [InlineData("reader", "read_file,select_repo", "admin tool")]
    public async Task TokenCreate_BadToolScope_IsRefusedWithNoToken(string role, string tools, string reason)
    {
        await using var app = new OrchestratorApp();

        var result = await Infrastructure.Cli.RunAsync(app, "token", "create", "x", "--role", role, "--tools", tools);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(app.Service<NamedTokenStore>().List());
    }

    [Fact]
    public async Task StoreFromBeforeToolScopes_MigratesAndItsTokensKeepEveryTool()
    {
        await using var app = new OrchestratorApp();
        var token = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "create", "old")).OutputLines);
        // Turn the store back into one written by the version before tool scopes (schema step 3).
        app.Service<StateStore>().Write((c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "DROP INDEX ux_tokens_oauth_client; ALTER TABLE tokens DROP COLUMN oauth_client; ALTER TABLE tokens DROP COLUMN tools; PRAGMA user_version = 3;";
            return cmd.ExecuteNonQuery();
        });

        var reopened = new StateStore(ServiceHome.From(new OrchestratorOptions { Home = app.Home }));
        var identity = new NamedTokenStore(reopened, TimeProvider.System).Identify(TokenFingerprint.HexHash(token));

        Assert.NotNull(identity);
        Assert.True(identity.Tools.IsAll);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task StoreFromBeforeOAuthApprovals_MigratesAndItsTokensStillWork()
    {
        await using var app = new OrchestratorApp();
        var token = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "create", "old")).OutputLines);
        // Turn the store back into one written by the version before OAuth approvals (schema step 4).
        app.Service<StateStore>().Write((c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "DROP INDEX ux_tokens_oauth_client; ALTER TABLE tokens DROP COLUMN oauth_client; PRAGMA user_version = 4;";
            return cmd.ExecuteNonQuery();
        });

        var reopened = new StateStore(ServiceHome.From(new OrchestratorOptions { Home = app.Home }));
        var named = new NamedTokenStore(reopened, TimeProvider.System);

        Assert.NotNull(named.Identify(TokenFingerprint.HexHash(token)));
        Assert.Null(Assert.Single(named.List()).OAuthClient);
        Assert.True(named.Approve("client-x", "orch-1", OrchestratorRole.Actions, RepositoryScope.All, null).Succeeded);
        Assert.Equal("client-x", named.IdentifyClient("orch-1")?.Name);
        SqliteConnection.ClearAllPools();
    }
}
