using System.Net;
using System.Text;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Search;

public sealed class SearchEndpointsTests
{
    [Fact]
    public async Task Search_Literal_IsCaseSensitiveWithLineNumbersAndAuditedOnce()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("src/a.py", "x = 1\nfind_me(x)\nFIND_ME\n"), ("b.md", "find_me.*\n"), ("c.txt", "nothing\n"));
        using var client = app.CreateClient(TestRole.Actions);

        var body = await (await client.Get("/search?q=find_me")).Json();

        Assert.Equal([("b.md", 1, "find_me.*"), ("src/a.py", 2, "find_me(x)")], Hits(body));
        Assert.False(body.GetProperty("truncated").GetBoolean());
        // The query is audited as its length and SHA-256 only (issue 14): never its text.
        Assert.Contains("| OP:SEARCH | PATH:qlen=7 qsha256=" + ReadPathTestKit.Sha256("find_me") + " | RANGE:ext=* |", Assert.Single(app.AuditLines("SEARCH")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_RegexCharacters_AreLiteral()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "a.*b\naxxb\n"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal([("a.txt", 1, "a.*b")], Hits(await (await client.Get("/search?q=" + Uri.EscapeDataString("a.*b"))).Json()));
    }

    [Fact]
    public async Task Search_ManyHits_ReturnsTheFirst50ByFileThenLineDeterministically()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        for (var f = 0; f < 30; f++)
        {
            repo.Write($"d{f % 3}/f{f:D2}.txt", string.Concat(Enumerable.Range(0, 4).Select(i => $"hit {i}\nmiss\n")));
        }

        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);

        var first = await (await client.Get("/search?q=hit")).Json();
        var second = await (await client.Get("/search?q=hit")).Json();

        var hits = Hits(first);
        Assert.Equal(50, hits.Length);
        Assert.True(first.GetProperty("truncated").GetBoolean());
        Assert.Equal(hits, Hits(second));
        var expected = Enumerable.Range(0, 30).Select(f => $"d{f % 3}/f{f:D2}.txt").Order(StringComparer.Ordinal)
            .SelectMany(file => Enumerable.Range(0, 4).Select(i => (file, (i * 2) + 1, $"hit {i}"))).Take(50);
        Assert.Equal(expected, hits);
    }

    [Fact]
    public async Task Search_Exactly50Hits_IsNotTruncated()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", ReadPathTestKit.Lines(50, "needle")));
        using var client = app.CreateClient(TestRole.Actions);

        var body = await (await client.Get("/search?q=needle")).Json();

        Assert.Equal(50, Hits(body).Length);
        Assert.False(body.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Search_ExtFilter_LimitsFiles()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.py", "needle\n"), ("b.cs", "needle\n"), ("c.PY", "needle\n"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(["a.py", "c.PY"], Files(await (await client.Get("/search?q=needle&ext=py")).Json()));
        Assert.Equal(["b.cs"], Files(await (await client.Get("/search?q=needle&ext=.cs")).Json()));
    }

    [Theory]
    [InlineData("/search", "'q'")]
    [InlineData("/search?q=ab", "'q'")]
    [InlineData("/search?q=%0Aabc", "'q'")]
    [InlineData("/search?q=abc&ext=..%2Fx", "'ext'")]
    [InlineData("/search?q=abc&ext=a*b", "'ext'")]
    public async Task Search_BadParameter_Is400NamingIt(string url, string parameter)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "abc\n"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(parameter, await response.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_QueryOf129Characters_Is400AndOf128IsAccepted()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", new string('z', 200) + "\n"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.Get("/search?q=" + new string('z', 129))).StatusCode);
        Assert.Single(Hits(await (await client.Get("/search?q=" + new string('z', 128))).Json()));
    }

    [Fact]
    public async Task Search_SkipsBinaryOversizedDotDeniedLinkedAndFifoFiles()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_MAX_FILE_BYTES", "1000");
        var repo = app.CreateRepo();
        repo.Write("ok.txt", "needle\n");
        repo.Write("big.txt", "needle\n" + new string('x', 1000));
        repo.WriteBytes("bin.txt", [.. Encoding.UTF8.GetBytes("needle\n"), 0]);
        repo.Write(".hidden/a.txt", "needle\n");
        repo.Write("node_modules/a.js", "needle\n");
        repo.Write("secrets.pem", "needle\n");
        using var outside = new TempDirectory("outside");
        outside.WriteFile("x.txt", "needle\n");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "out"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(repo.Path, "out.txt"), Path.Combine(outside.Path, "x.txt"));
        ReadPathTestKit.MakeFifo(Path.Combine(repo.Path, "pipe.txt"));
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(["ok.txt"], Files(await (await client.Get("/search?q=needle")).Json()));
    }

    [Fact]
    public async Task Search_LineHoldingAGitHubToken_IsRedacted()
    {
        await using var app = new OrchestratorApp();
        var token = ReadPathTestKit.FakeGitHubToken();
        await app.RepoWith(("deploy.yml", $"github_token: {token}\n"));
        using var client = app.CreateClient(TestRole.Actions);

        var response = await client.Get("/search?q=github_token");
        var raw = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain(token, raw, StringComparison.Ordinal);
        var hit = Assert.Single(Hits(JsonDocument.Parse(raw).RootElement));
        Assert.Contains("[REDACTED]", hit.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_HitInsideAPrivateKeyBlock_IsNoHit()
    {
        await using var app = new OrchestratorApp();
        var body = new string('Q', 40) + "MIIEneedle" + new string('R', 14);
        await app.RepoWith(("fixture.txt", $"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\nneedle outside\n"));
        using var client = app.CreateClient(TestRole.Actions);

        var hits = Hits(await (await client.Get("/search?q=needle")).Json());

        // The key line is served as the marker, which does not contain the query: no hit (issue 14, search oracle).
        Assert.Equal([("fixture.txt", 4, "needle outside")], hits);
    }

    [Fact]
    public async Task Search_VeryLongLine_IsCut()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("min.js", "needle" + new string('w', 5000) + "\n"));
        using var client = app.CreateClient(TestRole.Actions);

        var hit = Assert.Single(Hits(await (await client.Get("/search?q=needle")).Json()));

        Assert.True(hit.Content.Length < 1100);
        Assert.EndsWith("[TRUNCATED]", hit.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("on")]
    public async Task Search_ForgedCursorAtTheLastIntLine_AnswersWithoutA500(string index)
    {
        // A cursor's fingerprint is not a secret (PageCursor): any position can be written, and the read must hold.
        await using var app = new OrchestratorApp().With("ORCH_INDEX", index);
        await app.RepoWith(("a.txt", string.Concat(Enumerable.Range(1, 60).Select(i => $"needle {i}\n"))), ("b.txt", "needle\n"));
        using var client = app.CreateClient(TestRole.Actions);
        var real = (await (await client.Get("/search?q=needle")).Json()).GetProperty("next_cursor").GetString()!;
        var parts = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(real)).Split('\n', 3);
        var forged = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{parts[0]}\n{parts[1]}\n{int.MaxValue}\na.txt"));

        using var response = await client.Get("/search?q=needle&cursor=" + Uri.EscapeDataString(forged));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // was 500: the line after int.MaxValue wrapped around
        Assert.Equal(["b.txt"], Files(await response.Json()));
    }

    [Fact]
    public async Task SearchAndFile_FileEndingInABackslashAfterASecretName_AnswerWithoutA500()
    {
        await using var app = new OrchestratorApp().With("ORCH_INDEX", "off");
        await app.RepoWith(("a.txt", "needle\n"), ("z.txt", "needle\npassword=C:\\vault\\"));
        using var client = app.CreateClient(TestRole.Actions);

        using var search = await client.Get("/search?q=needle");
        using var file = await client.Get("/file?path=z.txt");

        Assert.Equal(HttpStatusCode.OK, search.StatusCode); // was 500 for every search reaching the file
        Assert.Equal(["a.txt", "z.txt"], Files(await search.Json()));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.DoesNotContain("vault", await file.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static (string File, int Line, string Content)[] Hits(JsonElement body) =>
        body.GetProperty("results").EnumerateArray()
            .Select(e => (e.GetProperty("file").GetString()!, e.GetProperty("line").GetInt32(), e.GetProperty("content").GetString()!))
            .ToArray();

    private static string[] Files(JsonElement body) => Hits(body).Select(h => h.File).ToArray();
}
