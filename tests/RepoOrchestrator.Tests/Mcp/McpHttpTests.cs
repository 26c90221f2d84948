using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ModelContextProtocol;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// `/mcp` over Streamable HTTP with the SDK's real client on real Kestrel: roles, auth, origin, protocol versions.
/// The tests that leave the service as they found it share one Kestrel server (<see cref="KestrelService"/>); what
/// a tool does to the service's state is tested over the in-process server, where the socket does not matter.
/// </summary>
public sealed class McpHttpTests(KestrelService server) : IClassFixture<KestrelService>
{
    [Fact]
    public async Task ToolsList_AsActions_ShowsOnlyReadTools()
    {
        await using var client = await McpTestClient.ConnectAsync(server.Address, TestRole.Actions);
        var tools = await client.ListToolsAsync();
        Assert.Equal(McpToolNames.ReadTools.Order(StringComparer.Ordinal), tools.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SdkEndpoints_AreBuiltOnTheFirstMcpRequest_NotAtStartUp()
    {
        await using var app = new OrchestratorApp();
        using (var http = app.CreateClient(TestRole.Actions))
        {
            using var status = await http.GetAsync(new Uri("/status", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        var sdk = app.Service<McpSdkEndpoints>();
        Assert.False(sdk.IsBuilt); // a service nobody asks for MCP never carries the SDK's server and tool schemas

        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);
        Assert.NotEmpty(await client.ListToolsAsync());
        Assert.True(sdk.IsBuilt);
    }

    [Theory]
    [InlineData("DELETE")]
    public async Task NonPostMethods_AnswerProblemJson_NotABareStatus(string method)
    {
        await using var app = new OrchestratorApp();
        using var http = app.CreateClient(TestRole.Admin);
        using var request = new HttpRequestMessage(new HttpMethod(method), "/mcp");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // stateless MCP is POST only
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"detail\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestRole.Actions)]
    [InlineData(TestRole.Admin)]
    public async Task Get_WithToken_Answers405AllowPost_AsTheMcpSpecSaysForNoStream(TestRole role)
    {
        await using var app = new OrchestratorApp();
        using var http = app.CreateClient(role);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("POST /mcp", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WithoutToken_Answers401_NotTheMethodHint()
    {
        await using var app = new OrchestratorApp();
        using var http = app.CreateClient();

        using var response = await http.GetAsync(new Uri("/mcp", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ToolsList_AsAdmin_ShowsReadAndAdminTools()
    {
        await using var client = await McpTestClient.ConnectAsync(server.Address, TestRole.Admin);
        var tools = await client.ListToolsAsync();
        var expected = McpToolNames.ReadTools.Concat(McpToolNames.AdminTools).Order(StringComparer.Ordinal);
        Assert.Equal(expected, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
    }

    [Theory]
    [InlineData(McpToolNames.SelectRepo)]
    [InlineData(McpToolNames.ListRepos)]
    public async Task AdminTool_AsActions_FailsAndChangesNothing(string tool)
    {
        await using var client = await McpTestClient.ConnectAsync(server.Address, TestRole.Actions);
        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallAsync(tool, ("path", server.Repo.Name)));
        Assert.Contains(tool, error.Message, StringComparison.Ordinal);
        Assert.Null(server.App.Service<RepositoryService>().ActivePath());
    }

    [Fact]
    public async Task SelectRepo_AsAdmin_ActivatesAndAuditsMcpSelect()
    {
        await using var app = new OrchestratorApp(); // its own service: the selection changes its state
        var repo = app.CreateRepo("app");
        await using var client = await app.ConnectInProcessAsync(TestRole.Admin);
        var result = await client.CallAsync(McpToolNames.SelectRepo, ("path", repo.Name));
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("success", result.StructuredContent!.Value.GetProperty("status").GetString());
        Assert.Equal(repo.Path, app.Service<RepositoryService>().ActivePath());
        var audit = app.Service<AuditLog>().Tail(5);
        Assert.Contains(audit, line => line.Contains("OP:MCP_SELECT", StringComparison.Ordinal) && line.Contains("ACTOR:admin:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SelectRepo_OutsideRoot_IsErrorResultWithDetail()
    {
        await using var client = await McpTestClient.ConnectAsync(server.Address, TestRole.Admin);
        var result = await client.CallAsync(McpToolNames.SelectRepo, ("path", "../elsewhere"));
        Assert.True(result.IsError);
        Assert.Contains("400", result.Text(), StringComparison.Ordinal);
        Assert.Contains(RepositoryService.OutsideRootDetail, result.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    public async Task Initialize_RequestedProtocolVersion_IsNegotiated(string version)
    {
        await using var client = await McpTestClient.ConnectAsync(server.Address, TestRole.Actions, version);
        Assert.Equal(version, client.NegotiatedProtocolVersion);
        var status = await client.CallAsync(McpToolNames.GetStatus);
        Assert.NotEqual(true, status.IsError);
        Assert.False(string.IsNullOrEmpty(status.StructuredContent!.Value.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Connect_SdkDefaultProtocol_ListsTools()
    {
        await using var client = await McpTestClient.ConnectAsync(server.Address, TestRole.Actions);
        Assert.False(string.IsNullOrEmpty(client.NegotiatedProtocolVersion));
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == McpToolNames.GetStatus);
    }

    [Fact]
    public async Task Post_WithoutToken_Is401WithBearerChallenge()
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        using var response = await http.PostAsync(new Uri("/mcp", UriKind.Relative), InitializeBody());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost:5173", HttpStatusCode.OK)]
    public async Task Post_WithOrigin_OnlyAllowedOriginsPass(string origin, HttpStatusCode expected)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = InitializeBody() };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OrchestratorApp.AdminToken);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.TryAddWithoutValidation("Origin", origin);
        using var response = await http.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains(McpOriginGuardMiddleware.ForbiddenDetail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static StringContent InitializeBody() => new(
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""",
        Encoding.UTF8,
        "application/json");
}
