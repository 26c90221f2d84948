using System.Net;
using System.Text.Json;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Search;

/// <summary>
/// Search's options over real repositories: regex (linear-time engine), case, context lines, globs, `.gitignore` and
/// the cursor, each matched only against the text as served.
/// </summary>
public sealed class SearchOptionsTests
{
    private static readonly string Token = ReadPathTestKit.FakeGitHubToken();

    private static async Task<JsonElement> Search(HttpClient client, string query)
    {
        using var response = await client.Get("/search?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    private static string[] Hits(JsonElement body) =>
        body.GetProperty("results").EnumerateArray().Select(h => $"{h.GetProperty("file").GetString()}:{h.GetProperty("line").GetInt32()}").ToArray();

    [Fact]
    public async Task Regex_FindsPatterns_CaseInsensitiveToo()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "def load_user(id):\n    return None\ndef Save_User(u):\n"), ("b.ts", "function loadUser() {}\n"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(["a.py:1"], Hits(await Search(client, "regex=true&q=" + Uri.EscapeDataString(@"^def \w+_user\("))));
        Assert.Equal(["a.py:1", "a.py:3"], Hits(await Search(client, "regex=true&case_sensitive=false&q=" + Uri.EscapeDataString(@"^def \w+_user\("))));
        Assert.Equal(["a.py:1", "a.py:3"], Hits(await Search(client, "case_sensitive=false&q=_USER(")));
        Assert.Equal(["b.ts:1"], Hits(await Search(client, "case_sensitive=false&q=LOADUSER")));
        Assert.Empty(Hits(await Search(client, "q=LOAD_USER"))); // case-sensitive by default
    }

    [Theory]
    [InlineData(@"(a)\1", "back-references")]
    [InlineData("(?=ab)a", "look-arounds")]
    [InlineData("(a{100}){100}", "counted repetitions")]
    [InlineData("(unclosed", "not a valid regular expression")]
    public async Task Regex_ThatCannotRunInLinearTime_Is400SayingWhy(string pattern, string reason)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "aaaa\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/search?regex=true&q=" + Uri.EscapeDataString(pattern));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = await response.Detail();
        Assert.Contains("'q'", detail, StringComparison.Ordinal);
        Assert.Contains(reason, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regex_ProbingASecret_NeverHitsAndTheAuditHoldsNoPattern()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("cfg.py", $"token = \"{Token}\"\nname = \"x\"\n"));
        using var client = app.CreateClient(TestRole.Actions);

        foreach (var probe in new[] { "ghp_", "ghp_aB3", "gh.?_[a-z]B3", "aB3dE5", "(?i)AB3DE5", Token[..12] + ".*" })
        {
            Assert.Empty(Hits(await Search(client, "regex=true&q=" + Uri.EscapeDataString(probe))));
            Assert.Empty(Hits(await Search(client, "case_sensitive=false&q=" + Uri.EscapeDataString(probe))));
        }

        Assert.Equal(["cfg.py:1"], Hits(await Search(client, "regex=true&q=" + Uri.EscapeDataString(@"token = ""\[REDACTED\]"""))));
        Assert.All(app.AuditLines("SEARCH"), line => Assert.DoesNotContain("aB3", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ContextLines_AreServedLines_Redacted()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("cfg.py", $"one\ntoken = \"{Token}\"\nneedle here\nfour\nfive\n"));
        using var client = app.CreateClient(TestRole.Actions);

        var hit = (await Search(client, "q=needle&context_lines=2")).GetProperty("results")[0];

        Assert.Equal(["one", "token = \"[REDACTED]\""], hit.GetProperty("context_before").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(["four", "five"], hit.GetProperty("context_after").EnumerateArray().Select(l => l.GetString()));
        using var bad = await client.Get("/search?q=needle&context_lines=6");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'context_lines'", await bad.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Globs_IncludeAndExclude_ByNameOrPath()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("src/a.py", "needle\n"), ("src/b.ts", "needle\n"), ("tests/c.py", "needle\n"), ("d.md", "needle\n"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(["src/a.py", "tests/c.py"], Files(await Search(client, "q=needle&glob=*.py")));
        Assert.Equal(["src/a.py", "src/b.ts"], Files(await Search(client, "q=needle&glob=src/**")));
        Assert.Equal(["src/a.py", "src/b.ts", "tests/c.py"], Files(await Search(client, "q=needle&glob=*.py&glob=*.ts")));
        Assert.Equal(["d.md", "src/b.ts"], Files(await Search(client, "q=needle&exclude_glob=*.py")));
        using var bad = await client.Get("/search?q=needle&glob=" + Uri.EscapeDataString("[abc"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'glob'", await bad.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitIgnore_LeavesIgnoredFilesOutUnlessTurnedOff()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith((".gitignore", "gen/\n"), ("gen/x.py", "needle\n"), ("src/y.py", "needle\n"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(["src/y.py"], Files(await Search(client, "q=needle")));
        Assert.Equal(["gen/x.py", "src/y.py"], Files(await Search(client, "q=needle&gitignore=false")));
    }

    [Fact]
    public async Task Cursor_PagesThroughEveryHitExactlyOnce()
    {
        await using var app = new OrchestratorApp();
        var lines = string.Join('\n', Enumerable.Range(1, 70).Select(i => $"needle {i}")) + "\n";
        await app.RepoWith(("a.py", lines), ("b.py", lines));
        using var client = app.CreateClient(TestRole.Actions);

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var body = await Search(client, "q=needle" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(Hits(body));
            cursor = body.GetProperty("next_cursor").GetString();
            Assert.Equal(cursor is not null, body.GetProperty("truncated").GetBoolean());
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 70).Select(i => $"a.py:{i}").Concat(Enumerable.Range(1, 70).Select(i => $"b.py:{i}")), seen);

        var first = (await Search(client, "q=needle")).GetProperty("next_cursor").GetString()!;
        using var other = await client.Get("/search?q=needles&cursor=" + Uri.EscapeDataString(first));
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Contains("'cursor'", await other.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LongLinesWithContext_StayUnderTheActionsLimit_WithACursor()
    {
        await using var app = new OrchestratorApp();
        var line = "needle " + new string('x', 990);
        await app.RepoWith(("a.py", string.Join('\n', Enumerable.Repeat(line, 120)) + "\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get("/search?q=needle&context_lines=5");
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(text.Length < 100_000, $"{text.Length} characters");
        using var json = JsonDocument.Parse(text);
        Assert.False(json.RootElement.TryGetProperty("actions_note", out _));
        Assert.NotNull(json.RootElement.GetProperty("next_cursor").GetString());
    }

    [Fact]
    public async Task McpSearch_RegexContextAndCursor_SayHowToContinue()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", string.Join('\n', Enumerable.Range(1, 60).Select(i => $"item_{i} = {i}")) + "\n"));
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var result = await client.CallAsync(McpToolNames.Search, ("query", @"item_\d+ ="), ("regex", true), ("context_lines", 1), ("glob", new[] { "*.py" }));

        Assert.NotEqual(true, result.IsError);
        var body = result.StructuredContent!.Value;
        Assert.Equal(50, body.GetProperty("results").GetArrayLength());
        var cursor = body.GetProperty("next_cursor").GetString()!;
        Assert.Contains($"cursor=\"{cursor}\"", result.Text(), StringComparison.Ordinal);
        var next = await client.CallAsync(McpToolNames.Search, ("query", @"item_\d+ ="), ("regex", true), ("context_lines", 1), ("glob", new[] { "*.py" }), ("cursor", cursor));
        Assert.Equal(10, next.StructuredContent!.Value.GetProperty("results").GetArrayLength());
    }

    private static string[] Files(JsonElement body) =>
        body.GetProperty("results").EnumerateArray().Select(h => h.GetProperty("file").GetString()!).Distinct().ToArray();
}
