using System.Text.Json;
using RepoOrchestrator.Mcp;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// Issue 19 over stdio: `repo-orchestrator mcp` answers a read tool's plain tools/call itself (<see cref="McpStdioFastPath"/>).
/// Its answer must be the SDK's byte for byte, for successes and every kind of error, under every protocol version the
/// fast path knows; what it does not answer must reach the SDK unchanged; it must not answer before the session is
/// initialized; its frames must never mix with the SDK's; and it must audit each call as the SDK's path does. Each
/// line here is sent twice in one session, once with the fast path and once without, and the two answers compared whole.
/// </summary>
public sealed class McpStdioFastPathTests
{
    private const int MaxFileBytes = 64 * 1024;

    private static readonly (string Path, string Text)[] Files =
    [
        ("src/app.py", "def main():\n    print(\"hi\", 'there')  # <b>&amp;</b> + `x`\n    return 1\n"),
        ("src/unicode.txt", "héllo wörld ✓ 😀\nzero\u200bwidth and bidi \u202e here\n"),
        ("config/settings.py", "API_KEY = \"sk-live-0123456789abcdefghijklmnopqrstuv\"\npassword = 'hunter2hunter2'\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
        ("docs/long.md", string.Concat(Enumerable.Range(1, 400).Select(i => $"line {i} with \"quotes\" and \\backslashes\\\n"))),
        ("docs/big.txt", string.Concat(Enumerable.Repeat("0123456789abcdef\n", (MaxFileBytes / 17) + 10))),
        (".env", "SECRET=1\n"),
    ];

    private const string ReadApp = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py"}}}""";

    /// <summary>Lines with an id: read_file's success and each error class, other read tools, calls left to the SDK, other methods.</summary>
    private static readonly string[] Calls =
    [
        ReadApp,
        """{"jsonrpc":"2.0","id":"abc\u0041\"x","method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/unicode.txt"}}}""",
        """{"id":-9007199254740993,"params":{"arguments":{"end_line":null,"repo":null,"path":"config/settings.py","start_line":2},"name":"read_file"},"method":"tools/call","jsonrpc":"2.0"}""",
        """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"docs/long.md","start_line":10,"end_line":390}}}""",
        """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"docs/long.md","repo":"app"}}}""",
        """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"nope.py"}}}""",
        """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"../outside.txt"}}}""",
        """{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"read_file","arguments":{"path":".env"}}}""",
        """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","start_line":99}}}""",
        """{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"docs/big.txt"}}}""",
        """{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","repo":"missing"}}}""",
        """{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"read_file","arguments":{}}}""",
        """{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"read_file"}}""",
        """{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","start_line":"2"}}}""",
        """{"jsonrpc":"2.0","id":13,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","start_line":2.0}}}""",
        """{"jsonrpc":"2.0","id":14,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","start_line":0}}}""",
        """{"jsonrpc":"2.0","id":15,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","colour":"red"}}}""",
        """{"jsonrpc":"2.0","id":16,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","path":"docs/long.md"}}}""",
        """{"jsonrpc":"2.0","id":17,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py"},"_meta":{"progressToken":"p1"}}}""",
        """{"jsonrpc":"2.0","id":18,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"/etc/passwd"}}}""",
        """{"jsonrpc":"2.0","id":19,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}""",
        """{"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"list_tree","arguments":{}}}""",
        """{"jsonrpc":"2.0","id":21,"method":"tools/call","params":{"name":"list_tree","arguments":{"path":"src","max_depth":1,"gitignore":false,"cursor":null}}}""",
        """{"jsonrpc":"2.0","id":22,"method":"tools/call","params":{"name":"list_tree","arguments":{"max_depth":7}}}""",
        """{"jsonrpc":"2.0","id":23,"method":"tools/call","params":{"name":"git_diff","arguments":{"base":"HEAD","head":"HEAD","mode":"patch"}}}""",
        """{"jsonrpc":"2.0","id":24,"method":"tools/call","params":{"name":"git_log","arguments":{"max_count":1}}}""",
        """{"jsonrpc":"2.0","id":25,"method":"tools/call","params":{"name":"select_repo","arguments":{"path":"app"}}}""",
        """{"jsonrpc":"2.0","id":26,"method":"tools/list","params":{}}""",
        """{"jsonrpc":"2.0","id":27,"method":"ping"}""",
        """{"jsonrpc":"2.0","id":28,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py"}},"extra":1}""",
        """{"jsonrpc":"2.0","id":29,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"src/app.py","end_line":2147483648}}}""",
    ];

    public static TheoryData<string> Versions() => [.. McpFastPath.ProtocolVersions.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task EveryCall_IsAnsweredByteForByteAsTheSdkAnswersIt(string version)
    {
        await using var stdio = await McpStdioHost.StartAsync(Files, $"--ORCH_MAX_FILE_BYTES={MaxFileBytes}");
        await stdio.InitializeAsync(version);
        await stdio.WaitForIndexAsync(); // list_tree says whether the index was ready: the same in both answers
        var fast = stdio.Service<McpFastPath>();
        var answeredHere = new List<string>();

        foreach (var call in Calls)
        {
            fast.Enabled = true;
            var before = fast.Answered;
            var withFastPath = await stdio.ExchangeAsync(call);
            if (fast.Answered == before + 1)
            {
                answeredHere.Add(JsonDocument.Parse(withFastPath).RootElement.GetProperty("id").ToString());
            }

            fast.Enabled = false;
            var sdkOnly = await stdio.ExchangeAsync(call);
            Assert.True(sdkOnly == withFastPath, $"version {version}, {call}:\nSDK:  {sdkOnly}\nfast: {withFastPath}");
        }

        // The fast path answered the plain read-tool calls (read_file's successes and errors, list_tree), not the rest: not
        // a bad argument (10-16, 22, 29), `_meta` (17), another tool class or an unknown tool, a `pattern` schema (git_diff, 23).
        Assert.Equal(["1", "abcA\"x", "-9007199254740993", "2", "3", "4", "5", "6", "7", "8", "9", "18", "20", "21"], answeredHere);
    }

    [Fact]
    public async Task PlainReadCalls_AreAnsweredByTheFastPath_AsTheLocalOperator_AndAuditedEachTime()
    {
        await using var stdio = await McpStdioHost.StartAsync(Files);
        await stdio.InitializeAsync("2025-06-18", "desk-client", "3.1");
        var fast = stdio.Service<McpFastPath>();
        var before = fast.Answered;

        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("return 1", await stdio.ExchangeAsync(ReadApp), StringComparison.Ordinal);
        }

        Assert.Equal(before + 3, fast.Answered);
        var reads = stdio.AuditLog.Split('\n').Where(line => line.Contains("OP:MCP_READ_SNAPSHOT | PATH:src/app.py", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, reads.Count);
        Assert.All(reads, line =>
        {
            Assert.Contains("ACTOR:admin:stdio | ROLE:admin | CLIENT:stdio | MCP_CLIENT:desk-client/3.1", line, StringComparison.Ordinal);
            Assert.Contains("CHAIN:", line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task BeforeTheSessionIsInitialized_TheSdkAnswersEveryCall()
    {
        await using var stdio = await McpStdioHost.StartAsync(Files);
        var fast = stdio.Service<McpFastPath>();
        var before = fast.Answered;

        // Before initialize: whatever the SDK answers (with and without the fast path, the same bytes).
        var first = await stdio.ExchangeAsync(ReadApp);
        fast.Enabled = false;
        Assert.Equal(await stdio.ExchangeAsync(ReadApp), first);
        fast.Enabled = true;

        // initialize answered, notifications/initialized not yet sent: still the SDK's.
        Assert.Contains("\"result\"", await stdio.ExchangeAsync("""{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c","version":"1"}}}"""), StringComparison.Ordinal);
        await stdio.ExchangeAsync(ReadApp);
        Assert.Equal(before, fast.Answered);

        await stdio.SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await stdio.ExchangeAsync(ReadApp);
        Assert.Equal(before + 1, fast.Answered);
    }

    [Fact]
    public async Task AnUnknownProtocolVersion_IsLeftToTheSdk()
    {
        await using var stdio = await McpStdioHost.StartAsync(Files);
        await stdio.InitializeAsync("1999-01-01"); // the SDK negotiates its own latest handshake version
        var fast = stdio.Service<McpFastPath>();
        var before = fast.Answered;

        var answer = await stdio.ExchangeAsync(ReadApp);

        Assert.Contains("return 1", answer, StringComparison.Ordinal);
        Assert.Equal(McpFastPath.ProtocolVersions.Contains(NegotiatedVersion(stdio)) ? before + 1 : before, fast.Answered);
    }

    [Fact]
    public async Task CallsSentTogether_WithSdkMessagesBetween_EachGetOneWholeFrame()
    {
        await using var stdio = await McpStdioHost.StartAsync(Files);
        await stdio.InitializeAsync("2025-06-18");
        var single = await stdio.ExchangeAsync(ReadApp);
        var lines = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            lines.Add(ReadApp.Replace("\"id\":1", $"\"id\":\"r{i}\"", StringComparison.Ordinal));
            lines.Add(i % 2 == 0 ? $$"""{"jsonrpc":"2.0","id":"p{{i}}","method":"ping"}""" : $$"""{"jsonrpc":"2.0","id":"p{{i}}","method":"tools/list"}""");
        }

        await stdio.SendAsync(string.Join("\n", lines)); // one write: the SDK and the fast path answer at the same time

        var ids = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var answer = await stdio.ReadLineAsync();
            using var parsed = JsonDocument.Parse(answer); // a frame mixed with another would not parse
            var id = parsed.RootElement.GetProperty("id").GetString()!;
            ids.Add(id);
            if (id.StartsWith('r'))
            {
                Assert.Equal(single.Replace("\"id\":1,", $"\"id\":\"{id}\",", StringComparison.Ordinal), answer);
            }
        }

        Assert.Equal(lines.Select(McpStdioHost.IdOf).Select(id => id.Trim('"')).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ACancelledCall_GetsOneWholeAnswerOrNone_AndTheSessionGoesOn()
    {
        await using var stdio = await McpStdioHost.StartAsync(Files);
        await stdio.InitializeAsync("2025-06-18");
        const string Read = """{"jsonrpc":"2.0","id":"c1","method":"tools/call","params":{"name":"read_file","arguments":{"path":"docs/long.md"}}}""";
        const string Cancel = """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"c1","reason":"user"}}""";

        // The cancel follows the call in the same write, so it is read while the call runs (or just after it ended).
        await stdio.SendAsync(Read + "\n" + Cancel + "\n" + """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"unknown"}}""" + "\n" + """{"jsonrpc":"2.0","id":"after","method":"ping"}""");
        var answers = new List<string> { await stdio.ReadLineAsync() };
        if (McpStdioHost.IdOf(answers[0]) != "\"after\"")
        {
            answers.Add(await stdio.ReadLineAsync());
        }

        Assert.Equal("\"after\"", McpStdioHost.IdOf(answers[^1]));

        // Still serving fast-path calls after it. The cancelled call runs beside the ping, so its answer, if any, may
        // also come after the ping's: read up to this call's answer.
        await stdio.SendAsync(ReadApp);
        string read;
        while (McpStdioHost.IdOf(read = await stdio.ReadLineAsync()) != "1")
        {
            answers.Add(read);
        }

        Assert.Contains("return 1", read, StringComparison.Ordinal);
        var cancelled = answers.Where(a => McpStdioHost.IdOf(a) != "\"after\"").ToList();
        Assert.InRange(cancelled.Count, 0, 1); // one answer or none
        Assert.All(cancelled, answer =>
        {
            Assert.Equal("\"c1\"", McpStdioHost.IdOf(answer));
            Assert.Contains("line 400 with", answer, StringComparison.Ordinal); // whole, never cut
        });
    }

    [Fact]
    public async Task AtTheEndOfInput_CallsStillRunningAreAnsweredFirst()
    {
        await using var stdio = await McpStdioHost.StartAsync(Files);
        await stdio.InitializeAsync("2025-06-18");
        var fast = stdio.Service<McpFastPath>();
        var before = fast.Answered;

        await stdio.SendAsync(string.Join("\n", Enumerable.Range(0, 5).Select(i => ReadApp.Replace("\"id\":1", $"\"id\":{100 + i}", StringComparison.Ordinal))));
        await stdio.CloseInputAsync();

        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(McpStdioHost.IdOf(await stdio.ReadLineAsync()));
        }

        Assert.Equal(["100", "101", "102", "103", "104"], ids.Order(StringComparer.Ordinal));
        Assert.Equal(before + 5, fast.Answered);
    }

    private static string NegotiatedVersion(McpStdioHost stdio) =>
        stdio.Service<ModelContextProtocol.Server.McpServer>().NegotiatedProtocolVersion!;
}
