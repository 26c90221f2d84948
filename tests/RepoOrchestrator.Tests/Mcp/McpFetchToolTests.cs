using System.Text.Json;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Mcp;

/// <summary>
/// ChatGPT connectors' search/fetch contract (issue 17): search hits carry id, title and url beside today's fields, and
/// fetch turns an id back into {id, title, text, url, metadata}, redacted, through the read path.
/// </summary>
public sealed class McpFetchToolTests
{
    private static readonly string Token = ReadPathTestKit.FakeGitHubToken();

    [Fact]
    public async Task SearchThenFetch_RoundTripsTheId_Redacted()
    {
        await using var app = new OrchestratorApp();
        var body = string.Concat(Enumerable.Range(1, 40).Select(i => $"line {i}\n")) + $"token = \"{Token}\"\ndef needle():\n    pass\n";
        await app.RepoWith(("src/app.py", body));
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var search = await client.CallAsync(McpToolNames.Search, ("query", "def needle"));
        var hit = search.StructuredContent!.Value.GetProperty("results")[0];
        Assert.Equal("src/app.py", hit.GetProperty("file").GetString()); // today's fields stay
        Assert.Equal(42, hit.GetProperty("line").GetInt32());
        var id = hit.GetProperty("id").GetString()!;
        Assert.Equal("app:src/app.py#L42", id);
        Assert.Equal("src/app.py:42", hit.GetProperty("title").GetString());
        Assert.EndsWith("/file?repo=app&path=src%2Fapp.py&start_line=42", hit.GetProperty("url").GetString(), StringComparison.Ordinal);

        var fetched = await client.CallAsync(McpToolNames.Fetch, ("id", id));

        Assert.NotEqual(true, fetched.IsError);
        var document = fetched.StructuredContent!.Value;
        Assert.Equal(id, document.GetProperty("id").GetString());
        var text = document.GetProperty("text").GetString()!;
        Assert.StartsWith("line 32\n", text, StringComparison.Ordinal); // from a few lines before the hit
        Assert.Contains("def needle():", text, StringComparison.Ordinal);
        Assert.Contains("token = \"[REDACTED]\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, fetched.Text() + document.GetRawText(), StringComparison.Ordinal);
        var metadata = document.GetProperty("metadata");
        Assert.Equal("app", metadata.GetProperty("repo").GetString());
        Assert.Equal(32, metadata.GetProperty("start_line").GetInt32());
        Assert.Equal(43, metadata.GetProperty("total_lines").GetInt32());
        Assert.Contains(app.AuditLines("MCP_READ_SNAPSHOT"), l => l.Contains("| PATH:src/app.py |", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("no-colon-here")]
    [InlineData("app:src/app.py#L0")]
    [InlineData(":src/app.py")]
    public async Task Fetch_NotAnId_Is400(string id)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("src/app.py", "x\n"));
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.Fetch, ("id", id));

        Assert.True(result.IsError);
        Assert.Contains("400", result.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app:.env", "403")]
    [InlineData("app:../other/a.py", "403")]
    [InlineData("nope:src/app.py", "404")]
    public async Task Fetch_RefusedPathOrUnknownRepository_IsRefusedLikeARead(string id, string status)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("src/app.py", "x\n"), (".env", "SECRET=1\n"));
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.Fetch, ("id", id));

        Assert.True(result.IsError);
        Assert.Contains(status, result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpSearch_HitsCarryIdTitleAndUrl()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "needle\n"));
        using var client = app.CreateClient(TestRole.Actions);

        var hit = (await (await client.Get("/search?q=needle")).Json()).GetProperty("results")[0];

        Assert.Equal("app:a.py#L1", hit.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.String, hit.GetProperty("url").ValueKind);
    }
}
