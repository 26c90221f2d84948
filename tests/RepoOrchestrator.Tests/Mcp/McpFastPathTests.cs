using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Index;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// Issue 19: `POST /mcp` answers a read tool's plain tools/call without the SDK's per-request server
/// (<see cref="McpFastPath"/>). Its answer must be the SDK's byte for byte, for successes and every kind of error,
/// under every role and scope, and what it does not answer must reach the SDK unchanged: each request here is sent
/// twice to the same service, once with the fast path and once without, and the two answers compared whole.
/// </summary>
public sealed class McpFastPathTests
{
    private const string BothAccepted = "application/json, text/event-stream";

    private static readonly (string Path, string Text)[] Files =
    [
        ("src/app.py", "def main():\n    print(\"hi\", 'there')  # <b>&amp;</b> + `x`\n    return 1\n"),
        ("src/unicode.txt", "héllo wörld ✓ 😀\nzero\u200bwidth and bidi \u202e here\n"),
        ("config/settings.py", "API_KEY = \"sk-live-0123456789abcdefghijklmnopqrstuv\"\npassword = 'hunter2hunter2'\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
        ("docs/long.md", string.Concat(Enumerable.Range(1, 400).Select(i => $"line {i} with \"quotes\" and \\backslashes\\\n"))),
        (".env", "SECRET=1\n"),
    ];

    /// <summary>tools/call bodies: every read tool, argument shapes the fast path binds and ones it leaves to the SDK, ids of each kind.</summary>
    public static TheoryData<string> Calls() =>
    [
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py"}}}""",
        """{"jsonrpc":"2.0","id":"abc\u0041\"x","method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/unicode.txt"}}}""",
        """{"id":-9007199254740993,"params":{"arguments":{"end_line":null,"repo":null,"path":"config/settings.py","start_line":2},"name":"read_file"},"method":"tools/call","jsonrpc":"2.0"}""",
        """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"docs/long.md","start_line":10,"end_line":390}}}""",
        """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"docs/long.md","repo":"app"}}}""",
        """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"nope.py"}}}""",
        """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"../outside.txt"}}}""",
        """{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"read_file","arguments":{"path":".env"}}}""",
        """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","start_line":99}}}""",
        """{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","repo":"other"}}}""",
        """{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","repo":"missing"}}}""",
        """{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"read_file","arguments":{}}}""",
        """{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"read_file"}}""",
        """{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","start_line":"2"}}}""",
        """{"jsonrpc":"2.0","id":13,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","start_line":2.0}}}""",
        """{"jsonrpc":"2.0","id":14,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","start_line":0}}}""",
        """{"jsonrpc":"2.0","id":15,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","colour":"red"}}}""",
        """{"jsonrpc":"2.0","id":16,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","path":"docs/long.md"}}}""",
        """{"jsonrpc":"2.0","id":17,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py"},"_meta":{"progressToken":"p1"}}}""",
        """{"jsonrpc":"2.0","id":18,"method":"tools/call","params":{"name":"select_repo","arguments":{"path":"app"}}}""",
        """{"jsonrpc":"2.0","id":19,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}""",
        """{"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"list_tree","arguments":{}}}""",
        """{"jsonrpc":"2.0","id":21,"method":"tools/call","params":{"name":"list_tree","arguments":{"path":"src","max_depth":1,"gitignore":false,"cursor":null}}}""",
        """{"jsonrpc":"2.0","id":22,"method":"tools/call","params":{"name":"list_tree","arguments":{"max_depth":7}}}""",
        """{"jsonrpc":"2.0","id":23,"method":"tools/call","params":{"name":"search","arguments":{"query":"quotes","glob":["*.md"],"context_lines":1}}}""",
        """{"jsonrpc":"2.0","id":24,"method":"tools/call","params":{"name":"search","arguments":{"query":"sk-live","case_sensitive":false}}}""",
        """{"jsonrpc":"2.0","id":25,"method":"tools/call","params":{"name":"search","arguments":{"query":"l(ine|ist) 1\\d","regex":true,"exclude_glob":["src/**"]}}}""",
        """{"jsonrpc":"2.0","id":26,"method":"tools/call","params":{"name":"search","arguments":{"query":"x","glob":[null]}}}""",
        """{"jsonrpc":"2.0","id":27,"method":"tools/call","params":{"name":"get_status","arguments":{}}}""",
        """{"jsonrpc":"2.0","id":28,"method":"tools/call","params":{"name":"git_diff","arguments":{}}}""",
        """{"jsonrpc":"2.0","id":29,"method":"tools/call","params":{"name":"git_diff","arguments":{"base":"HEAD","head":"HEAD","mode":"patch"}}}""",
        """{"jsonrpc":"2.0","id":30,"method":"tools/call","params":{"name":"git_log","arguments":{"max_count":1}}}""",
        """{"jsonrpc":"2.0","id":31,"method":"tools/list","params":{}}""",
        """{"jsonrpc":"2.0","id":32,"method":"ping"}""",
        """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
        """{"jsonrpc":"2.0","id":33,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py"}},"extra":1}""",
    ];

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task EveryCall_IsAnsweredByteForByteAsTheSdkAnswersIt_ForEveryCaller(string body)
    {
        await using var app = await StartAsync();
        var scoped = Assert.Single((await Infrastructure.Cli.RunAsync(app, "token", "create", "scoped", "--tools", "read_file,list_tree", "--repos", "app")).OutputLines);

        foreach (var token in new[] { OrchestratorApp.AdminToken, OrchestratorApp.ActionsToken, scoped })
        {
            foreach (var version in new[] { null, "2025-06-18", "2025-11-25", "2025-03-26", "2026-07-28", "1999-01-01" })
            {
                await AssertSameAsync(app, token, body, version, BothAccepted);
            }
        }
    }

    [Theory]
    [InlineData(BothAccepted)]
    [InlineData("text/event-stream, application/json")]
    [InlineData("application/json")]
    [InlineData("text/event-stream")]
    [InlineData("*/*")]
    [InlineData("application/json;q=0, text/event-stream")]
    [InlineData("application/json;q=0.9, text/event-stream;q=0.1")]
    [InlineData("Application/JSON, Text/Event-Stream")]
    [InlineData("")]
    public async Task AcceptHeaders_AreAnsweredAsTheSdkAnswersThem(string accept)
    {
        await using var app = await StartAsync();

        await AssertSameAsync(app, OrchestratorApp.ActionsToken,
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py"}}}""", "2025-11-25", accept);
    }

    [Fact]
    public async Task ASessionId_IsRefusedAsTheSdkRefusesIt()
    {
        await using var app = await StartAsync();

        await AssertSameAsync(app, OrchestratorApp.AdminToken,
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py"}}}""", "2025-11-25", BothAccepted, sessionId: "abc");
    }

    [Fact]
    public async Task PlainReadCalls_AreAnsweredByTheFastPath_AndAuditedEachTime()
    {
        await using var app = await StartAsync();
        var fast = app.Service<McpFastPath>();
        using var http = app.CreateClient(TestRole.Actions);
        var before = fast.Answered;

        for (var i = 0; i < 3; i++)
        {
            var (status, _, body) = await PostAsync(http,
                """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py"}}}""", "2025-11-25", BothAccepted, null);
            Assert.Equal(200, status);
            Assert.Contains("return 1", body, StringComparison.Ordinal);
        }

        // An admin tool with the read-only token is never answered here: the SDK refuses it as unknown to that caller.
        var (_, _, refused) = await PostAsync(http,
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"select_repo","arguments":{"path":"app"}}}""", "2025-11-25", BothAccepted, null);

        Assert.Equal(before + 3, fast.Answered);
        Assert.Contains("Unknown tool", refused, StringComparison.Ordinal);
        Assert.Equal(3, app.AuditLines("MCP_READ_SNAPSHOT").Count(line => line.Contains("src/app.py", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task OverKestrel_ConcurrentPlainReadCalls_AreEachAnsweredWholeByTheFastPath_AndAuditedEachTime()
    {
        // Calls arriving together over real Kestrel (sharing one audit write) must each get their own whole answer and
        // audit line from the fast path.
        await using var app = new OrchestratorApp();
        app.StartKestrel();
        await app.RepoWith(Files);
        var fast = app.Service<McpFastPath>();
        var before = fast.Answered;
        using var http = app.CreateClient(TestRole.Actions);
        const int calls = 16;

        var answers = await Task.WhenAll(Enumerable.Range(1, calls).Select(id => PostAsync(http,
            $$$$"""{"jsonrpc":"2.0","id":{{{{id}}}},"method":"tools/call","params":{"name":"read_file","arguments":{"path":"docs/long.md"}}}""",
            "2025-11-25", BothAccepted, null)));

        var text = Files.Single(f => f.Path == "docs/long.md").Text;
        for (var i = 0; i < calls; i++)
        {
            Assert.Equal(200, answers[i].Status);
            using var json = JsonDocument.Parse(answers[i].Body);
            Assert.Equal(i + 1, json.RootElement.GetProperty("id").GetInt32());
            Assert.Equal(text, json.RootElement.GetProperty("result").GetProperty("structuredContent").GetProperty("content").GetString());
        }

        Assert.Equal(before + calls, fast.Answered);
        Assert.Equal(calls, app.AuditLines("MCP_READ_SNAPSHOT").Count(line => line.Contains("docs/long.md", StringComparison.Ordinal)));
    }

    private static async Task<OrchestratorApp> StartAsync()
    {
        var app = new OrchestratorApp { UseFakeTime = true }; // get_status's uptime is the same in both answers
        await app.RepoWith(Files);
        var other = app.CreateRepo("other");
        other.Write("src/app.py", "other\n");
        other.Commit("other");
        await app.WaitForIndexAsync(); // search answers say whether the index was ready: the same in both answers
        return app;
    }

    /// <summary>Sends <paramref name="body"/> with the fast path and without it, and compares the two answers whole.</summary>
    private static async Task AssertSameAsync(OrchestratorApp app, string token, string body, string? version, string accept, string? sessionId = null)
    {
        var fast = app.Service<McpFastPath>();
        using var http = app.CreateClient(token);
        fast.Enabled = true;
        var withFastPath = await PostAsync(http, body, version, accept, sessionId);
        fast.Enabled = false;
        try
        {
            var sdkOnly = await PostAsync(http, body, version, accept, sessionId);
            Assert.True(sdkOnly == withFastPath, $"version {version}, accept '{accept}', body {body}:\n{Difference(sdkOnly, withFastPath)}");
        }
        finally
        {
            fast.Enabled = true;
        }
    }

    private static string Difference((int Status, string Headers, string Body) sdk, (int Status, string Headers, string Body) fast)
    {
        var at = 0;
        while (at < Math.Min(sdk.Body.Length, fast.Body.Length) && sdk.Body[at] == fast.Body[at])
        {
            at++;
        }

        var from = Math.Max(0, at - 80);
        return $"SDK:  {sdk.Status} {sdk.Headers} ...{sdk.Body[from..Math.Min(sdk.Body.Length, at + 80)]}\n" +
            $"fast: {fast.Status} {fast.Headers} ...{fast.Body[from..Math.Min(fast.Body.Length, at + 80)]}";
    }

    private static async Task<(int Status, string Headers, string Body)> PostAsync(HttpClient http, string body, string? version, string accept, string? sessionId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (version is not null)
        {
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", version);
        }

        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
        }

        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var headers = string.Join("; ", response.Headers.Concat(response.Content.Headers)
            .Where(h => !h.Key.Equals("X-Correlation-ID", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase))
            .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        return ((int)response.StatusCode, headers, Encoding.UTF8.GetString(bytes));
    }
}
