using System.Net;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;

using RepoOrchestrator.Tree;

namespace RepoOrchestrator.Tests.Tree;

public sealed class TreeEndpointsTests
{
    [Fact]
    public async Task Tree_Repository_ListsAllowedFilesSortedSkippingDotDeniedAndLinkedFolders()
    {
        await using var app = new OrchestratorApp();
        var repo = await app.RepoWith(
            ("src/b.cs", "b"), ("src/a.cs", "a"), ("src-x/c.py", "c"), ("README.md", "r"), ("Makefile", "m"),
            ("image.png", "p"), (".env", "e"), (".github/ci.yml", "c"), ("node_modules/x.js", "x"),
            ("Node_Modules/y.js", "y"), ("src/obj/z.cs", "z"), ("keys/id.pem", "k"), ("src/con.ts", "d"));
        using var outside = new TempDirectory("outside");
        outside.WriteFile("leak.cs", "leak");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "linked"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(repo.Path, "inner"), Path.Combine(repo.Path, "src"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, "leak.cs"), Path.Combine(outside.Path, "leak.cs"));
        using var client = app.CreateClient(TestRole.Actions);

        var body = await (await client.Get("/tree")).Json();

        Assert.Equal(["README.md", "src-x/c.py", "src/a.cs", "src/b.cs"], Files(body));
        Assert.False(body.GetProperty("truncated").GetBoolean());
        Assert.Contains("| OP:LIST_TREE | PATH:. | RANGE:depth:3 |", Assert.Single(app.AuditLines("LIST_TREE")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, new[] { "a.txt" })]
    [InlineData(1, new[] { "a.txt", "d1/b.txt" })]
    [InlineData(2, new[] { "a.txt", "d1/b.txt", "d1/d2/c.txt" })]
    public async Task Tree_MaxDepth_LimitsFolderLevels(int depth, string[] expected)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "a"), ("d1/b.txt", "b"), ("d1/d2/c.txt", "c"), ("d1/d2/d3/d.txt", "d"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(expected, Files(await (await client.Get($"/tree?max_depth={depth}")).Json()));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("7")]
    [InlineData("deep")]
    public async Task Tree_MaxDepthOutOfRange_Is400NamingIt(string depth)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "a"));
        using var client = app.CreateClient(TestRole.Actions);

        using var response = await client.Get($"/tree?max_depth={depth}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("max_depth", await response.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tree_SubFolder_ListsRepositoryRelativePaths()
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "a"), ("src/x/b.cs", "b"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(["src/x/b.cs"], Files(await (await client.Get("/tree?path=src")).Json()));
    }

    [Theory]
    [InlineData("a.txt", HttpStatusCode.BadRequest)]
    [InlineData("missing", HttpStatusCode.NotFound)]
    [InlineData("..", HttpStatusCode.Forbidden)]
    [InlineData(".git", HttpStatusCode.Forbidden)]
    public async Task Tree_PathNotAnAcceptableFolder_IsRefused(string path, HttpStatusCode expected)
    {
        await using var app = new OrchestratorApp();
        await app.RepoWith(("a.txt", "a"));
        using var client = app.CreateClient(TestRole.Actions);

        Assert.Equal(expected, (await client.Get($"/tree?path={path}")).StatusCode);
    }

    [Fact]
    public async Task Tree_MoreThan2000Files_PagesWithACursorUntilEveryFileWasListedOnce()
    {
        await using var app = new OrchestratorApp();
        var repo = app.CreateRepo();
        for (var i = 0; i < 2005; i++)
        {
            File.WriteAllText(Path.Combine(repo.Path, $"f{i:D5}.txt"), "");
        }

        await app.SelectAsync(repo);
        using var client = app.CreateClient(TestRole.Actions);

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var response = await client.Get("/tree" + (cursor is null ? "" : "?cursor=" + Uri.EscapeDataString(cursor)));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(text.Length < 100_000, $"a page is {text.Length} characters");
            using var json = JsonDocument.Parse(text);
            var body = json.RootElement;
            var files = Files(body);
            Assert.InRange(files.Length, 1, TreeService.MaxEntries);
            seen.AddRange(files);
            cursor = body.GetProperty("next_cursor").GetString();
            Assert.Equal(cursor is not null, body.GetProperty("truncated").GetBoolean());
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.True(pages > 1);
        Assert.Equal(Enumerable.Range(0, 2005).Select(i => $"f{i:D5}.txt"), seen);
    }

    private static string[] Files(JsonElement body) =>
        body.GetProperty("files").EnumerateArray().Select(e => e.GetString()!).ToArray();
}
