using System.Net.Http.Headers;
using System.Text;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// Issue 17: an MCP session cannot be continued with another token. `/mcp` is stateless: the service issues no
/// session, every request is authenticated on its own token, so a session id taken from another client's
/// conversation (or made up) carries no identity.
/// </summary>
public sealed class McpSessionPrincipalTests
{
    [Fact]
    public async Task Mcp_AdminConversation_IssuesNoSessionToContinue()
    {
        await using var app = new OrchestratorApp();
        await using var admin = await app.ConnectInProcessAsync(TestRole.Admin);

        Assert.Contains(await admin.ListToolsAsync(), t => t.Name == "list_repos");
        Assert.Null(admin.SessionId);
    }

    [Fact]
    public async Task Mcp_ReaderTokenWithAnotherClientsSessionHeader_IsRefusedNotContinued()
    {
        await using var app = new OrchestratorApp();
        using var reader = app.CreateClient(TestRole.Actions);

        using var list = Post(reader, """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", "session-of-the-admin");
        using var listed = await reader.SendAsync(list);
        using var call = Post(reader, """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_repos","arguments":{}}}""", "session-of-the-admin");
        using var called = await reader.SendAsync(call);
        var tools = await listed.Content.ReadAsStringAsync();
        var result = await called.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, listed.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, called.StatusCode);
        Assert.Contains("Mcp-Session-Id header is not supported", tools, StringComparison.Ordinal);
        Assert.DoesNotContain("list_repos", tools, StringComparison.Ordinal);
        Assert.DoesNotContain("\"repos\"", result, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Post(HttpClient client, string body, string sessionId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/mcp", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("Mcp-Session-Id", sessionId);
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        return request;
    }
}
