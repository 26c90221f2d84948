using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RepoOrchestrator.Audit;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Security.Panic;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// Issue 15: hostile and sloppy bodies on `POST /mcp`. Each is a JSON-RPC error naming the field (or a 4xx problem where
/// the body never became JSON-RPC), never a 500, never a PANIC event, never an Error log with a stack trace; three bad
/// `initialize` calls with the read-only token leave lockdown off.
/// </summary>
public sealed class McpMalformedRequestTests
{
    private const string Init = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":""";
    private const string Call = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":""";

    public static TheoryData<string, int, string> Requests => new()
    {
        { """{"jsonrpc":"2.0","id":1,"method":"initialize"}""", -32602, "`params`" },
        { Init + "null}", -32602, "`params`" },
        { Init + "[]}", -32602, "`params`" },
        { Init + """{"protocolVersion":5,"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""", -32602, "`params.protocolVersion`" },
        { Init + """{"protocolVersion":"2025-06-18","capabilities":"x","clientInfo":{"name":"t","version":"1"}}}""", -32602, "`params.capabilities`" },
        { Init + """{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":7}}""", -32602, "`params.clientInfo`" },
        { Init + """{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t"}}}""", -32602, "`params.clientInfo.version`" },
        { Init + """{"protocolVersion":"2025-06-18","capabilities":{"roots":5},"clientInfo":{"name":"t","version":"1"}}}""", -32602, "`params.capabilities.roots`" },
        { "not json", -32700, "not valid JSON" },
        { """{"jsonrpc":"2.0","id":1,"method":"tools/list" """, -32700, "not valid JSON" },
        { "[]", -32600, "batches" },
        { """[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]""", -32600, "batches" },
        { "\"x\"", -32600, "JSON object" },
        { "1", -32600, "JSON object" },
        { """{"id":1,"method":"tools/list"}""", -32600, "`jsonrpc`" },
        { """{"jsonrpc":"1.0","id":1,"method":"tools/list"}""", -32600, "`jsonrpc`" },
        { """{"jsonrpc":"2.0","id":1}""", -32600, "`method`" },
        { """{"jsonrpc":"2.0","id":1,"method":5}""", -32600, "`method`" },
        { """{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}""", -32600, "`id`" },
        { """{"jsonrpc":"2.0","id":1.5,"method":"tools/list"}""", -32600, "`id`" },
        { """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":"x"}""", -32602, "`params`" },
        { """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"a":""" + new string('[', 100) + new string(']', 100) + "}}", -32600, "nests deeper" },
        { Call + "{}}", -32602, "`params.name`" },
        { Call + """{"name":5}}""", -32602, "`params.name`" },
        { Call + """{"name":"read_file","arguments":[]}}""", -32602, "`params.arguments`" },
        { Call + """{"name":"read_file","arguments":"path=a"}}""", -32602, "`params.arguments`" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Post_MalformedRequest_IsJsonRpcErrorNamingTheField(string body, int code, string names)
    {
        await using var app = new OrchestratorApp();
        using var http = app.CreateClient(TestRole.Actions);

        var (status, _, rpc) = await PostAsync(http, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = rpc!.Value.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Contains(names, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("2.0", rpc.Value.GetProperty("jsonrpc").GetString());
        AssertNoFailureCounted(app);
    }

    [Fact]
    public async Task Initialize_BadParamsThreeTimesWithReadOnlyToken_LockdownStaysOff()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new OrchestratorApp();
        app.WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        using var http = app.CreateClient(TestRole.Actions);

        foreach (var bad in new[] { "[]", """{"protocolVersion":5}""", """{"protocolVersion":"2025-06-18","capabilities":"x","clientInfo":7}""", "null" })
        {
            var (status, _, rpc) = await PostAsync(http, Init + bad + "}");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(1, rpc!.Value.GetProperty("id").GetInt32()); // answered to the request it refuses
        }

        AssertNoFailureCounted(app);
        Assert.DoesNotContain(app.Service<AuditLog>().Tail(50), line => line.Contains("PANIC", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        // The service still answers a well-formed client with the same token.
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);
        Assert.NotEmpty(await client.ListToolsAsync());
    }

    [Theory]
    [InlineData("text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    [InlineData(null, HttpStatusCode.UnsupportedMediaType)]
    public async Task Post_WrongContentType_Is415ProblemJson(string? contentType, HttpStatusCode expected)
    {
        await using var app = new OrchestratorApp();
        using var http = app.CreateClient(TestRole.Actions);

        var (status, mediaType, _) = await PostAsync(http, """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", contentType);

        Assert.Equal(expected, status);
        Assert.Equal("application/problem+json", mediaType);
        AssertNoFailureCounted(app);
    }

    [Fact]
    public async Task Post_HugeBody_Is413ProblemJson()
    {
        await using var app = new OrchestratorApp();
        using var http = app.CreateClient(TestRole.Actions);
        var huge = Call + """{"name":"search","arguments":{"query":" """ + new string('a', McpHttpRequestGuard.MaxBodyBytes) + "\"}}}";

        var (status, mediaType, _) = await PostAsync(http, huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("application/problem+json", mediaType);
        AssertNoFailureCounted(app);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"no/such/method"}""", -32601, "no/such/method")]
    [InlineData(Call + """{"name":"no_such_tool","arguments":{}}}""", -32602, "`no_such_tool`")]
    [InlineData(Call + """{"name":"select_repo","arguments":{"path":"app"}}}""", -32602, "`select_repo`")] // hidden from the read-only token
    public async Task Post_UnknownMethodOrTool_IsJsonRpcErrorWithoutErrorLog(string body, int code, string names)
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new OrchestratorApp();
        app.WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        using var http = app.CreateClient(TestRole.Actions);

        var (status, _, rpc) = await PostAsync(http, body);

        Assert.Equal(HttpStatusCode.OK, status); // the SDK's own answer: a JSON-RPC error on the event stream
        var error = rpc!.Value.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Contains(names, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        if (code == -32602)
        {
            // Refused before the SDK's tools/call handler, which would log "threw an unhandled exception" with a stack trace.
            Assert.DoesNotContain(logs.Entries, e => e.HasException);
        }

        AssertNoFailureCounted(app);
    }

    public static TheoryData<string, string, string> BadArguments => new()
    {
        { McpToolNames.ReadFile, """{"path":"a.txt","start_line":"abc"}""", "`start_line`" },
        { McpToolNames.ReadFile, """{"path":5}""", "`path`" },
        { McpToolNames.ReadFile, """{"path":"a.txt","start_line":99999999999999999999}""", "`start_line`" },
        { McpToolNames.ReadFile, """{"path":"a.txt","start_line":3000000000}""", "`start_line`" },
        { McpToolNames.ReadFile, """{"path":"a.txt","start_line":1.5}""", "`start_line`" },
        { McpToolNames.ReadFile, """{"path":"a.txt","end_line":0}""", "`end_line`" },
        { McpToolNames.ReadFile, """{"path":"a.txt","startLine":2}""", "`startLine`" },
        { McpToolNames.ReadFile, "{}", "`path`" },
        { McpToolNames.ReadFile, """{"path":null}""", "`path`" },
        { McpToolNames.ListTree, """{"max_depth":-1}""", "`max_depth`" },
        { McpToolNames.ListTree, """{"max_depth":"deep"}""", "`max_depth`" },
        { McpToolNames.Search, """{"query":"ab"}""", "`query`" },
        { McpToolNames.Search, """{"query":{"text":"abc"}}""", "`query`" },
        { McpToolNames.GitDiff, """{"mode":"everything"}""", "`mode`" },
        { McpToolNames.GetStatus, """{"verbose":true}""", "`verbose`" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task CallTool_BadArgument_IsErrorResultNamingItAndNoErrorLog(string tool, string arguments, string names)
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new OrchestratorApp();
        app.WithServices(s => s.AddSingleton<ILoggerProvider>(logs));
        var repo = app.CreateRepo("app");
        repo.Write("a.txt", "one\ntwo\n");
        repo.Commit("a");
        await app.Service<RepositoryService>().SelectAsync(repo.Name, "test");
        using var http = app.CreateClient(TestRole.Actions);

        var (status, _, rpc) = await PostAsync(http, Call + $$"""{"name":"{{tool}}","arguments":{{arguments}}""" + "}}");

        Assert.Equal(HttpStatusCode.OK, status);
        var result = rpc!.Value.GetProperty("result");
        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.Equal(400, result.GetProperty("structuredContent").GetProperty("status").GetInt32());
        var text = result.GetProperty("content")[0].GetProperty("text").GetString();
        Assert.StartsWith("Error 400: ", text, StringComparison.Ordinal);
        Assert.Contains(names, text, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error || e.HasException);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains($"MCP tool {tool} refused", StringComparison.Ordinal));
        AssertNoFailureCounted(app);
    }

    [Fact]
    public async Task CallTool_ValidArgumentsWithNulls_StillRun()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        repo.Write("a.txt", "one\ntwo\n");
        repo.Commit("a");
        await app.Service<RepositoryService>().SelectAsync(repo.Name, "test");
        using var http = app.CreateClient(TestRole.Actions);

        var (_, _, rpc) = await PostAsync(http, Call + """{"name":"read_file","arguments":{"path":"a.txt","start_line":2,"end_line":null}}}""");

        var result = rpc!.Value.GetProperty("result");
        Assert.False(result.TryGetProperty("isError", out var isError) && isError.GetBoolean());
        Assert.Equal("two", result.GetProperty("structuredContent").GetProperty("content").GetString()!.TrimEnd('\n'));
    }

    internal static void AssertNoFailureCounted(OrchestratorApp app)
    {
        var panic = app.Service<PanicService>();
        Assert.False(panic.IsPanicOn());
        Assert.Empty(panic.RecentEvents());
    }

    /// <summary>POSTs <paramref name="body"/> as an MCP client would; the JSON-RPC message from a JSON or event-stream body.</summary>
    private static Task<(HttpStatusCode Status, string? MediaType, JsonElement? Rpc)> PostAsync(HttpClient http, string body, string? contentType = "application/json") =>
        PostAsync(http, Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>POSTs <paramref name="body"/> (any bytes) to /mcp as a client accepting both answer forms; never a 500.</summary>
    internal static async Task<(HttpStatusCode Status, string? MediaType, JsonElement? Rpc)> PostAsync(HttpClient http, byte[] body, string? contentType = "application/json")
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var json = mediaType == "text/event-stream"
            ? text.Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]
            : text;
        JsonElement? rpc = mediaType is "application/json" or "text/event-stream" ? JsonDocument.Parse(json).RootElement.Clone() : null;
        return (response.StatusCode, mediaType, rpc);
    }
}
