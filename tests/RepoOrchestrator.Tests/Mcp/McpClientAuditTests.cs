using System.Text;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// Issue 17, "the audit says who": an MCP tool call's audit line names the client as its `initialize` did
/// (`MCP_CLIENT:name/version`), although /mcp is stateless; the name is the client's own text, so it is cleaned.
/// </summary>
public sealed class McpClientAuditTests
{
    private static async Task<int> PostAsync(HttpClient http, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }

    private const string ReadCall = """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"a.py"}}}""";

    [Fact]
    public async Task ToolCall_AfterInitialize_IsAuditedWithTheClientsNameCleaned()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "x\n"));
        using var http = app.CreateClient(TestRole.Actions);

        var initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"Claude|Code\u202E | ACTOR:admin","version":"1.2\nX"}}}""";
        Assert.Equal(200, await PostAsync(http, initialize));
        Assert.Equal(200, await PostAsync(http, ReadCall));

        var line = Assert.Single(app.AuditLines("MCP_READ_SNAPSHOT"));
        Assert.True(AuditLine.TryParse(line, out _), line);
        Assert.Contains("| MCP_CLIENT:Claude", line, StringComparison.Ordinal);
        Assert.Contains("<U+202E>", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', line);
        Assert.DoesNotContain("| ACTOR:admin", line, StringComparison.Ordinal); // the client's '|' forged no field
        Assert.Contains("| ACTOR:actions:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolCall_FromAnotherToken_DoesNotBorrowAClientName()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "x\n"));
        using var actions = app.CreateClient(TestRole.Actions);
        using var admin = app.CreateClient(TestRole.Admin);

        Assert.Equal(200, await PostAsync(actions, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"one","version":"1"}}}"""));
        Assert.Equal(200, await PostAsync(admin, ReadCall));

        var line = Assert.Single(app.AuditLines("MCP_READ_SNAPSHOT"));
        Assert.DoesNotContain("MCP_CLIENT:", line, StringComparison.Ordinal);
    }
}
