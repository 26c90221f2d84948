using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// Issue 15 over stdio: the real `repo-orchestrator mcp` fed raw lines. Every malformed line gets its JSON-RPC error
/// (the SDK alone answers nothing to a line without a readable `id`, and `-32603 An error occurred.` to parameters it
/// cannot bind), the process keeps serving, and nothing is logged as an error.
/// </summary>
public sealed class McpStdioMalformedTests
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stdio_MalformedLines_EachGetsAJsonRpcErrorNamingTheField()
    {
        using var root = new TempDirectory("orch-stdio");
        var repo = new TempGitRepo(root.Path, "app");
        repo.Write("a.txt", "one\n");
        repo.Commit("a");
        using var process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.dll"), "mcp", $"--ORCH_HOME={root.Combine(".orch-home")}", $"--ORCH_REPO_ROOT={root.Path}" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        })!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var init = await ExchangeAsync(process, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""");
            Assert.True(init.TryGetProperty("result", out _));
            await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
            await process.StandardInput.WriteLineAsync(); // a blank line is skipped, not answered

            (string Line, int Code, string Names, object? Id)[] cases =
            [
                ("not json", -32700, "not valid JSON", null),
                ("[]", -32600, "batches", null),
                ("\"x\"", -32600, "JSON object", null),
                ("""{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}""", -32600, "`id`", null),
                ("""{"id":5,"method":"tools/list"}""", -32600, "`jsonrpc`", 5),
                ("""{"jsonrpc":"2.0","id":6}""", -32600, "`method`", 6),
                ("""{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"a":""" + new string('[', 200) + new string(']', 200) + "}}", -32600, "nests deeper", null), // never parsed, so no id
                ("""{"jsonrpc":"2.0","id":8,"method":"initialize","params":[]}""", -32602, "`params`", 8),
                ("""{"jsonrpc":"2.0","id":9,"method":"initialize","params":{"protocolVersion":5,"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""", -32602, "`params.protocolVersion`", 9),
                ("""{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{}}""", -32602, "`params.name`", 10),
                ("""{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"nope"}}""", -32602, "`nope`", 11),
                ("""{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"read_file","arguments":[]}}""", -32602, "`params.arguments`", 12),
                ("""{"jsonrpc":"2.0","id":13,"method":"tools/list","params":{"cursor":5}}""", -32602, "`params.cursor`", 13),
                ("""{"jsonrpc":"2.0","id":14,"method":"no/such/method"}""", -32601, "no/such/method", 14),
            ];
            foreach (var (line, code, names, id) in cases)
            {
                var reply = await ExchangeAsync(process, line);
                var error = reply.GetProperty("error");
                Assert.True(code == error.GetProperty("code").GetInt32(), $"{line[..Math.Min(line.Length, 80)]} answered {reply}");
                Assert.Contains(names, error.GetProperty("message").GetString(), StringComparison.Ordinal);
                Assert.Equal(id?.ToString() ?? "", reply.GetProperty("id").ToString()); // null when the line had no usable id
            }

            var badArgument = await ExchangeAsync(process, """{"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"read_file","arguments":{"path":"a.txt","start_line":"abc"}}}""");
            var result = badArgument.GetProperty("result");
            Assert.True(result.GetProperty("isError").GetBoolean());
            Assert.Contains("`start_line`", result.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);

            // Still serving: a well-formed call after all of that works.
            var tools = await ExchangeAsync(process, """{"jsonrpc":"2.0","id":21,"method":"tools/list"}""");
            Assert.NotEqual(0, tools.GetProperty("result").GetProperty("tools").GetArrayLength());
        }
        finally
        {
            process.StandardInput.Close();
            using var exit = new CancellationTokenSource(ReplyTimeout);
            await process.WaitForExitAsync(exit.Token);
        }

        var log = await stderr;
        Assert.DoesNotContain("fail:", log, StringComparison.Ordinal); // the console logger's Error prefix
        Assert.DoesNotContain("crit:", log, StringComparison.Ordinal);
        Assert.DoesNotContain("threw an unhandled exception", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdio_OverlongLine_IsRefusedAndTheNextLineServed()
    {
        using var root = new TempDirectory("orch-stdio");
        using var process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "repo-orchestrator.dll"), "mcp", $"--ORCH_HOME={root.Combine(".orch-home")}", $"--ORCH_REPO_ROOT={root.Path}" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
        })!;
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            var huge = """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":" """ + new string('a', 2 * 1024 * 1024) + "\"}}";
            var refused = await ExchangeAsync(process, huge);
            Assert.Equal(-32600, refused.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Contains("KiB", refused.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

            var ping = await ExchangeAsync(process, """{"jsonrpc":"2.0","id":2,"method":"ping"}""");
            Assert.Equal(2, ping.GetProperty("id").GetInt32());
            Assert.True(ping.TryGetProperty("result", out _));
        }
        finally
        {
            process.StandardInput.Close();
            using var exit = new CancellationTokenSource(ReplyTimeout);
            await process.WaitForExitAsync(exit.Token);
        }
    }

    /// <summary>Writes one line and reads the one reply it gets (bounded: a missing reply fails the test, it does not hang it).</summary>
    private static async Task<JsonElement> ExchangeAsync(Process process, string line)
    {
        await process.StandardInput.WriteLineAsync(line);
        await process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        var reply = await process.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.NotNull(reply);
        return JsonDocument.Parse(reply).RootElement.Clone();
    }
}
