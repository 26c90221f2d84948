using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// Issue 19: `POST /mcp` answers a request with one `application/json` body (with its length) instead of a one-event
/// `text/event-stream`, which Streamable HTTP allows and which spares every client an SSE parser per call. The
/// JSON-RPC message is the one the SDK wrote; anything that is not exactly one message event is sent unchanged.
/// </summary>
public sealed class McpJsonResponseTests
{
    private static async Task<(HttpStatusCode Status, string? MediaType, long? Length, string Body)> PostAsync(HttpClient http, string body, string accept = "application/json, text/event-stream")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentLength, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ToolCall_IsAnsweredAsOneJsonBody_WithItsLength()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "print('hi')\n"));
        using var http = app.CreateClient(TestRole.Actions);

        var (status, mediaType, length, body) = await PostAsync(http,
            """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"a.py"}}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", mediaType);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), length);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(7, doc.RootElement.GetProperty("id").GetInt32());
        Assert.Contains("print('hi')", doc.RootElement.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_IsAnsweredAsJson_AndANotificationStays202WithNoBody()
    {
        await using var app = new OrchestratorApp();
        using var http = app.CreateClient(TestRole.Admin);

        var init = await PostAsync(http,
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""");
        var note = await PostAsync(http, """{"jsonrpc":"2.0","method":"notifications/initialized"}""");

        Assert.Equal(HttpStatusCode.OK, init.Status);
        Assert.Equal("application/json", init.MediaType);
        Assert.Equal("repo-orchestrator", JsonDocument.Parse(init.Body).RootElement.GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Accepted, note.Status);
        Assert.Equal(string.Empty, note.Body);
    }

    [Fact]
    public async Task AClientThatAcceptsOnlyEventStreams_IsRefusedByTheSdkAsBefore()
    {
        await using var app = new OrchestratorApp();
        using var http = app.CreateClient(TestRole.Admin);

        var (status, _, _, body) = await PostAsync(http, """{"jsonrpc":"2.0","id":1,"method":"ping"}""", accept: "text/event-stream");

        Assert.Equal(HttpStatusCode.NotAcceptable, status);
        Assert.Contains("application/json", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("event: message\ndata: {\"id\":1}\n\n", "{\"id\":1}")]
    [InlineData("event: message\ndata: {\"id\":1}\n\nevent: message\ndata: {\"id\":2}\n\n", null)] // two events
    [InlineData("event: message\nid: 5\ndata: {\"id\":1}\n\n", null)]                              // another field
    [InlineData("event: message\ndata: {\"id\":\ndata: 1}\n\n", null)]                             // multi-line data
    [InlineData("event: message\ndata: {\"id\":1}\r\n\n", null)]
    [InlineData("event: other\ndata: {\"id\":1}\n\n", null)]
    [InlineData("event: message\ndata: [1]\n\n", null)]
    [InlineData("", null)]
    public void SingleMessage_OnlyUnwrapsExactlyOneOneLineMessageEvent(string stream, string? expected)
    {
        var data = McpJsonResponse.SingleMessage(Encoding.UTF8.GetBytes(stream));

        Assert.Equal(expected, data is { } d ? Encoding.UTF8.GetString(d.Span) : null);
    }

    [Theory]
    [InlineData("""{"a":"\u0022x\u0022"}""", """{"a":"\"x\""}""")]
    [InlineData("""{"a":"it\u0027s"}""", """{"a":"it's"}""")]
    [InlineData("""{"a":"\\u0022"}""", """{"a":"\\u0022"}""")]          // an escaped backslash, then the text u0022
    [InlineData("""{"a":"\\\u0022"}""", """{"a":"\\\""}""")]        // an escaped backslash, then an escaped quote
    [InlineData("""{"a":"\u003C\u0026\u003E\u002B\u0060"}""", """{"a":"\u003C\u0026\u003E\u002B\u0060"}""")] // HTML-sensitive: kept
    [InlineData("""{"a":"\n\t\u0000\u00E9\uD83D\uDE00"}""", """{"a":"\n\t\u0000\u00E9\uD83D\uDE00"}""")]
    [InlineData("""{"a":"plain"}""", """{"a":"plain"}""")]
    [InlineData("""{"a":"\u002"}""", """{"a":"\u002"}""")]
    public void Shorten_RewritesOnlyTheQuoteEscapes_AndDecodesToTheSameValue(string json, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        var length = McpJsonEscapes.Shorten(bytes);

        var shortened = Encoding.UTF8.GetString(bytes, 0, length);
        Assert.Equal(expected, shortened);
        if (!json.EndsWith("\\u002\"}", StringComparison.Ordinal))
        {
            Assert.Equal(JsonDocument.Parse(json).RootElement.GetProperty("a").GetString(), JsonDocument.Parse(shortened).RootElement.GetProperty("a").GetString());
        }
    }

    [Fact]
    public async Task ReadFile_AnswerCarriesShortQuoteEscapes_AndTheExactText()
    {
        const string text = "say(\"hi\", 'there') # \\u0022 stays <b>&amp;</b>\n";
        await using var app = new OrchestratorApp();
        await app.RepoWith(("q.py", text));
        using var http = app.CreateClient(TestRole.Actions);

        var (status, _, length, body) = await PostAsync(http,
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"q.py"}}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), length);
        Assert.DoesNotContain("(\\u0022hi", body, StringComparison.Ordinal); // no six-byte quote escapes left ...
        Assert.DoesNotContain("\\u0027", body, StringComparison.Ordinal);
        Assert.Contains("say(\\\"hi\\\", 'there')", body, StringComparison.Ordinal); // ... the short forms instead
        Assert.Contains("\\u003Cb\\u003E", body, StringComparison.Ordinal);        // HTML-sensitive escapes kept
        using var doc = JsonDocument.Parse(body);
        var result = doc.RootElement.GetProperty("result");
        Assert.Equal(text, result.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(text, result.GetProperty("structuredContent").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Hold_KeepsSmallAnswers_AndPassesALargerOneThroughWhole()
    {
        using var client = new MemoryStream();
        var real = new StreamResponseBodyFeature(client);
        await using var hold = new McpResponseHold(real, maxHeld: 8);

        await hold.WriteAsync("12345"u8.ToArray());
        await hold.FlushAsync();
        Assert.False(hold.PassedThrough);
        Assert.Equal(0, client.Length); // nothing reaches the client while the answer may still be reframed

        await hold.Writer.WriteAsync("6789"u8.ToArray());
        await hold.CompleteAsync();

        Assert.True(hold.PassedThrough);
        Assert.Equal("123456789", Encoding.UTF8.GetString(client.ToArray()));
    }
}
