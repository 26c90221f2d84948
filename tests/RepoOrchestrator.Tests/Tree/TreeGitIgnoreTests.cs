using System.Net;
using System.Text.Json;
using RepoOrchestrator.Mcp;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Mcp;
using RepoOrchestrator.Tests.Reading;

namespace RepoOrchestrator.Tests.Tree;

/// <summary>
/// /tree and list_tree honour `.gitignore` by default, list sizes and line counts, and page with a cursor; a hostile
/// `.gitignore` (a link out, a FIFO, a negation aimed at a denied file) can hide files but never show or hang anything.
/// </summary>
public sealed class TreeGitIgnoreTests
{
    private static async Task<TempGitRepo> Repo(OrchestratorApp app)
    {
        var repo = app.CreateRepo();
        repo.Write(".gitignore", "*.txt\n/gen/\n!keep.txt\n")
            .Write("src/app.py", "a\nb\nc\n")
            .Write("src/debug.txt", "noise\n")
            .Write("keep.txt", "kept\n")
            .Write("gen/out.js", "x\n")
            .Write("src/gen/real.js", "y\n") // "/gen/" is anchored to the top: this one stays
            .Write("src/gen2/.gitignore", "*.ts\n")
            .Write("src/gen2/a.ts", "1\n")
            .Write("src/gen2/b.py", "2\n");
        await app.SelectAsync(repo);
        return repo;
    }

    private static string[] Files(JsonElement body) =>
        body.GetProperty("files").EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task Tree_ByDefault_LeavesOutWhatGitIgnoreIgnores()
    {
        await using var app = new OrchestratorApp();
        await Repo(app);
        using var client = app.CreateClient(TestRole.Actions);

        var files = Files(await (await client.Get("/tree?max_depth=6")).Json());

        Assert.Equal(["keep.txt", "src/app.py", "src/gen/real.js", "src/gen2/b.py"], files);
    }

    [Fact]
    public async Task Tree_GitIgnoreFalse_ShowsEverythingTheOtherRulesAllow()
    {
        await using var app = new OrchestratorApp();
        await Repo(app);
        using var client = app.CreateClient(TestRole.Actions);

        var files = Files(await (await client.Get("/tree?max_depth=6&gitignore=false")).Json());

        Assert.Equal(["gen/out.js", "keep.txt", "src/app.py", "src/debug.txt", "src/gen/real.js", "src/gen2/a.ts", "src/gen2/b.py"], files);
        Assert.DoesNotContain(".gitignore", files); // dot-files stay hidden either way
    }

    [Fact]
    public async Task Tree_OfAnIgnoredFolder_IsEmpty_AndRulesAboveTheStartApply()
    {
        await using var app = new OrchestratorApp();
        await Repo(app);
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Empty(Files(await (await client.Get("/tree?path=gen")).Json()));
        Assert.Equal(["gen/out.js"], Files(await (await client.Get("/tree?path=gen&gitignore=false")).Json()));
        Assert.Equal(["src/gen2/b.py"], Files(await (await client.Get("/tree?path=src/gen2")).Json()));
        Assert.Equal(["src/app.py", "src/gen/real.js", "src/gen2/b.py"], Files(await (await client.Get("/tree?path=src")).Json()));
    }

    [Fact]
    public async Task Tree_Entries_CarrySizeAndLineCount()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        repo.Write("three.py", "a\nb\nc\n").Write("open.py", "a\nb").Write("empty.py", "");
        repo.WriteBytes("blob.json", [1, 0, 2, 3]);
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);

        var entries = (await (await client.Get("/tree")).Json()).GetProperty("entries").EnumerateArray()
            .ToDictionary(e => e.GetProperty("path").GetString()!, e => (Size: e.GetProperty("size").GetInt64(), Lines: e.GetProperty("lines")));

        Assert.Equal((6L, 3), (entries["three.py"].Size, entries["three.py"].Lines.GetInt32()));
        Assert.Equal((3L, 2), (entries["open.py"].Size, entries["open.py"].Lines.GetInt32()));
        Assert.Equal(0, entries["empty.py"].Lines.GetInt32());
        Assert.Equal(4L, entries["blob.json"].Size);
        Assert.Equal(JsonValueKind.Null, entries["blob.json"].Lines.ValueKind); // binary: not counted
    }

    [Fact]
    public async Task Tree_GitIgnoreThatIsALinkOrAFifo_CountsAsAbsent()
    {
        await using var app = new OrchestratorApp();
        var outside = Path.Combine(app.Root, "outside-ignore"); // outside the repository
        File.WriteAllText(outside, "*.py\n");
        var repo = app.CreateRepo();
        repo.Write("a.py", "1\n").Write("sub/b.py", "2\n");
        File.CreateSymbolicLink(Path.Combine(repo.Path, ".gitignore"), outside);
        ReadPathTestKit.MakeFifo(Path.Combine(repo.Path, "sub", ".gitignore"));
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);

        var listing = client.Get("/tree");
        var finished = await Task.WhenAny(listing, Task.Delay(TimeSpan.FromSeconds(20), TimeProvider.System));
        Assert.Same(listing, finished); // a FIFO is never opened, so nothing waits for a writer

        Assert.Equal(["a.py", "sub/b.py"], Files(await (await listing).Json()));
    }

    [Fact]
    public async Task Tree_NegationInGitIgnore_NeverShowsADeniedOrDotFile()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        repo.Write(".gitignore", "!.env\n!node_modules/\n!*.pem\n!**\n").Write(".env", "K=v\n").Write("node_modules/k.js", "x\n")
            .Write("key.pem", "x\n").Write("ok.py", "x\n");
        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);

        foreach (var query in new[] { "/tree?max_depth=6", "/tree?max_depth=6&gitignore=false" })
        {
            Assert.Equal(["ok.py"], Files(await (await client.Get(query)).Json()));
        }
    }

    [Fact]
    public async Task Tree_Cursor_TamperedOrUsedWithOtherParameters_Is400NamingCursor()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        for (var i = 0; i < 1200; i++)
        {
            repo.Write($"src/f{i:D4}.py", "");
        }

        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);
        var cursor = (await (await client.Get("/tree")).Json()).GetProperty("next_cursor").GetString()!;

        foreach (var query in new[]
        {
            "/tree?max_depth=2&cursor=" + Uri.EscapeDataString(cursor),
            "/tree?gitignore=false&cursor=" + Uri.EscapeDataString(cursor),
            "/tree?path=src&cursor=" + Uri.EscapeDataString(cursor),
            "/tree?cursor=not-a-cursor!",
            "/tree?cursor=" + Uri.EscapeDataString(cursor[4..]),
        })
        {
            using var response = await client.Get(query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("'cursor'", await response.Detail(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.Get("/tree?cursor=" + Uri.EscapeDataString(cursor))).StatusCode);
    }

    [Fact]
    public async Task McpListTree_PagesWithCursor_AndSaysHowToContinue()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        for (var i = 0; i < 1500; i++)
        {
            repo.Write($"f{i:D4}.py", "x\n");
        }

        await app.SelectAsync(repo);
        await using var client = await app.ConnectInProcessAsync(TestRole.Actions);

        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var result = cursor is null
                ? await client.CallAsync(McpToolNames.ListTree)
                : await client.CallAsync(McpToolNames.ListTree, ("cursor", cursor));
            Assert.NotEqual(true, result.IsError);
            var body = result.StructuredContent!.Value;
            listed.AddRange(body.GetProperty("files").EnumerateArray().Select(f => f.GetString()!));
            cursor = body.GetProperty("next_cursor").GetString();
            if (cursor is not null)
            {
                Assert.Contains($"cursor=\"{cursor}\"", result.Text(), StringComparison.Ordinal);
            }
        }
        while (cursor is not null && listed.Count < 5000);

        Assert.Equal(Enumerable.Range(0, 1500).Select(i => $"f{i:D4}.py"), listed);
    }
}
