using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;

namespace RepoOrchestrator.Tests.Reading;

/// <summary>
/// Every cut answer says how to get the rest (issue 18): the text endpoints with `X-Truncated` and `X-Truncated-Next`
/// (and the body's marker), the MCP tools with a `truncated: true (…)` note naming what to ask next.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TruncationNoticeTests
{
    private static async Task<OrchestratorApp> App()
    {
        var app = new OrchestratorApp();
        app.With("ORCH_MAX_BYTES", "2048");
        var repo = await app.RepoWith(("big.py", ReadPathTestKit.Lines(400, "some longer line of code")));
        repo.Write("big.py", ReadPathTestKit.Lines(400, "a changed longer line of code")).Commit("change");
        return app;
    }

    [Theory]
    [InlineData("/file?path=big.py", "start_line=")]
    [InlineData("/git/show?path=big.py", "start_line=")]
    [InlineData("/git/show?mode=patch", "mode=stat")]
    [InlineData("/diff?base=HEAD~1&mode=patch", "mode=stat")]
    public async Task CutTextAnswer_SaysHowToGoOn(string query, string next)
    {
        await using var app = await App();
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await client.Get(query);
        var body = await response.Content.ReadAsStringAsync();

        Assert.EndsWith(ReadPathTestKit.Marker, body, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(body) <= 2048, $"{query} served more than ORCH_MAX_BYTES");
        Assert.Equal("true", response.Headers.GetValues("X-Truncated").Single());
        Assert.StartsWith(next, response.Headers.GetValues("X-Truncated-Next").Single(), StringComparison.Ordinal);
        if (query.StartsWith("/file", StringComparison.Ordinal))
        {
            // The continuation really continues: the next page starts with the line after the last one served.
            var nextStart = int.Parse(response.Headers.GetValues("X-Truncated-Next").Single()["start_line=".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var kept = body[..^ReadPathTestKit.Marker.Length];
            var whole = kept[..(kept.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"a changed longer line of code {nextStart - 1}", whole[^1]);
            var first = (await (await client.Get($"/file?path=big.py&start_line={nextStart}")).Content.ReadAsStringAsync()).Split('\n')[0];
            Assert.Equal($"a changed longer line of code {nextStart}", first);
        }
    }

    [Fact]
    public async Task WholeTextAnswer_SaysItIsWhole()
    {
        await using var app = await App();
        using var client = app.CreateClient(TestRole.Admin);

        using var response = await client.Get("/file?path=big.py&start_line=1&end_line=3");

        Assert.Equal("false", response.Headers.GetValues("X-Truncated").Single());
        Assert.False(response.Headers.Contains("X-Truncated-Next"));
    }

    [Fact]
    public async Task CutMcpResults_EachSayWhatToAskNext()
    {
        await using var app = await App();
        await using var client = await app.ConnectInProcessAsync(TestRole.Admin);

        var calls = new (string Tool, (string, object?)[] Arguments, string Next)[]
        {
            (McpToolNames.ReadFile, [("path", "big.py")], "start_line"),
            (McpToolNames.ReadFiles, [("paths", new[] { "big.py", "big.py:2-400" })], ""),
            (McpToolNames.GitShow, [("path", "big.py")], "start_line"),
            (McpToolNames.GitShow, [("mode", "patch")], "mode stat"),
            (McpToolNames.GitDiff, [("base", "HEAD~1"), ("mode", "patch")], "mode stat"),
            (McpToolNames.GitBlame, [("path", "big.py")], "start_line"),
        };
        foreach (var (tool, arguments, next) in calls)
        {
            var result = await client.CallAsync(tool, arguments);
            var text = result.Text();
            Assert.True(result.IsError != true, $"{tool}: {text}");
            var note = text[text.IndexOf("truncated: true (", StringComparison.Ordinal)..];
            Assert.True(note.Length > "truncated: true ()".Length + 10, $"{tool} gives no way on: {note}");
            Assert.Contains(next, note, StringComparison.Ordinal);
        }
    }
}
