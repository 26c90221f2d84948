using System.Net.Http.Headers;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Security.Authentication;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Audit;

/// <summary>Issue 17: every audit line of a request says who: the token's name (actor), its role and the client's address.</summary>
public sealed class AuditCallerTests
{
    [Fact]
    public async Task Read_OverHttp_AuditLineNamesRoleAndClientAddress()
    {
        await using var app = new OrchestratorApp();
        app.WithServices(TestRemoteAddress.Register);
        await app.RepoWith(("a.py", "x = 1\n"));
        using var client = app.CreateClient(TestRole.Actions);
        client.DefaultRequestHeaders.Add(TestRemoteAddress.Header, "203.0.113.7");

        await client.Get("/file?path=a.py");

        var line = Assert.Single(app.AuditLines("READ_SNAPSHOT"));
        Assert.Matches(@"\| ACTOR:actions:[0-9a-f]{8} \| ROLE:reader \| CLIENT:203\.0\.113\.7 \| CHAIN:", line);
    }

    [Theory]
    [InlineData(true, "198.51.100.4")]
    [InlineData(false, "127.0.0.1")]
    public async Task Read_BehindProxy_ClientIsTheForwardedAddressOnlyWhenTrusted(bool trust, string expected)
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_TRUST_FORWARDED", trust ? "true" : "false").WithServices(TestRemoteAddress.Register);
        await app.RepoWith(("a.py", "x = 1\n"));
        using var client = app.CreateClient(TestRole.Admin);
        client.DefaultRequestHeaders.Add(TestRemoteAddress.Header, "127.0.0.1");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "10.9.9.9, 198.51.100.4");

        await client.Get("/tree");

        Assert.Contains($"| ROLE:admin | CLIENT:{expected} | CHAIN:", Assert.Single(app.AuditLines("LIST_TREE")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_WithNamedTokenOverMcp_AuditLineNamesTokenRoleAndClient()
    {
        await using var app = new OrchestratorApp();
        app.WithServices(TestRemoteAddress.Register);
        await app.RepoWith(("a.py", "x = 1\n"));
        var token = app.Service<NamedTokenStore>().Create("claude-code", OrchestratorRole.Actions, RepositoryScope.All, null, null).Value;
        var http = app.CreateClient(token);
        http.DefaultRequestHeaders.Add(TestRemoteAddress.Header, "192.0.2.10");
        await using var mcp = await McpTestClient.ConnectInProcessAsync(http);

        await mcp.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "a.py" });

        var line = Assert.Single(app.AuditLines("MCP_READ_SNAPSHOT"));
        Assert.Contains($"| ACTOR:claude-code:{TokenFingerprint.Of(token)} | ROLE:reader | CLIENT:192.0.2.10 | CHAIN:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandLineAction_HasNoCallerFields()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "x = 1\n"));

        await Infrastructure.Cli.RunAsync(app, "repos", "select", "app");

        var lines = app.AuditLines("SELECT");
        var line = lines[^1];
        Assert.Contains("| ACTOR:cli", line, StringComparison.Ordinal);
        Assert.DoesNotContain("ROLE:", line, StringComparison.Ordinal);
    }

    [Fact]
    public void OperationBody_CallerValues_AreCleanedLikeEveryField()
    {
        var body = AuditLine.OperationBody("READ", "x:1", caller: new AuditCaller("reader", "a | OP:FORGED\nb"));

        Assert.EndsWith("| ROLE:reader | CLIENT:a %7C OP:FORGED\\nb", body, StringComparison.Ordinal);
    }
}
