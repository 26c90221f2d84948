using System.Net;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Repositories;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// A JSON string the reader accepts but cannot turn into text: raw bytes that are not UTF-8, or an escaped lone
/// surrogate (`\uD800`). System.Text.Json reads past both and throws InvalidOperationException only when the string is
/// read, which the transport guards and the fast path (McpFastCall, McpToolArguments, the binder) do on the request
/// thread: over HTTP a 500 and a PANIC event (three from a read-only token turn lockdown on), over stdio the end of the
/// session. Each must be a -32700 JSON-RPC error instead, the session going on.
/// </summary>
public sealed class McpUndecodableStringTests
{
    private const string Prefix = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"a""";
    private const string Suffix = """.txt"}}}""";

    public static TheoryData<string> Bodies => new()
    {
        "raw", // bytes 0xFF 0xFE inside the path argument (the fast path reads it)
        "escaped-high", // \uD800 without its low half
        "escaped-low", // \uDC00 alone
        "in-id", // the id is a string with a lone surrogate
        "in-method", // the method itself (the guard's envelope check reads it)
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Post_UndecodableString_IsParseError_NeverA500OrAPanicEvent(string kind)
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo("app");
        repo.Write("a.txt", "one\n");
        repo.Commit("a");
        await app.Service<RepositoryService>().SelectAsync(repo.Name, "test");
        using var http = app.CreateClient(TestRole.Actions);

        var (status, _, rpc) = await McpMalformedRequestTests.PostAsync(http, Body(kind));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(-32700, rpc!.Value.GetProperty("error").GetProperty("code").GetInt32());
        McpMalformedRequestTests.AssertNoFailureCounted(app);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Stdio_UndecodableString_IsParseError_AndTheSessionGoesOn(string kind)
    {
        await using var stdio = await McpStdioHost.StartAsync([("a.txt", "one\n")]);
        await stdio.InitializeAsync("2025-06-18");

        await stdio.SendBytesAsync([.. Body(kind), (byte)'\n']);
        var refused = await stdio.ReadLineAsync();
        Assert.Equal(-32700, JsonDocument.Parse(refused).RootElement.GetProperty("error").GetProperty("code").GetInt32());

        // The session still answers, through the fast path too.
        var fast = stdio.Service<McpFastPath>();
        var before = fast.Answered;
        var answer = await stdio.ExchangeAsync(Encoding.UTF8.GetString(Body("plain")));
        Assert.Contains("one", answer, StringComparison.Ordinal);
        Assert.Equal(before + 1, fast.Answered);
    }

    private static byte[] Body(string kind) => kind switch
    {
        "plain" => Encoding.UTF8.GetBytes(Prefix + Suffix),
        "raw" => [.. Encoding.UTF8.GetBytes(Prefix), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(Suffix)],
        "escaped-high" => Encoding.UTF8.GetBytes(Prefix + "\\uD800" + Suffix),
        "escaped-low" => Encoding.UTF8.GetBytes(Prefix + "\\uDC00" + Suffix),
        "in-id" => Encoding.UTF8.GetBytes((Prefix + Suffix).Replace("\"id\":7", "\"id\":\"x\\uD800\"", StringComparison.Ordinal)),
        "in-method" => Encoding.UTF8.GetBytes((Prefix + Suffix).Replace("tools/call", "tools/call\\uDC00", StringComparison.Ordinal)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
