using System.Net;
using System.Text.Json;
using RepoOrchestrator.Tests.Infrastructure;
using RepoOrchestrator.Tests.Reading;
using static RepoOrchestrator.Tests.Security.SecurityApi;

namespace RepoOrchestrator.Tests.Allowlist;

/// <summary>POST and DELETE /ui/allowlist: the dashboard edits the allowlist file, bound to the active repository.</summary>
public sealed class AllowlistEditTests
{
    private static string AllowlistPath(OrchestratorApp app) => Path.Combine(app.Home, "allowed_paths.json");

    [Fact]
    public async Task Add_LimitsReadsToIt_UntilItExpires_ThenRemoveEndsIt()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        app.With("ORCH_ALLOWLIST_REQUIRE", "true");
        var repo = await app.RepoWith(("docs/guide.md", "guide\n"), ("src/app.py", "app\n"));
        using var admin = app.CreateClient(TestRole.Admin);
        using var reader = app.CreateClient(TestRole.Actions);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Get("/file?path=docs/guide.md")).StatusCode);

        using var added = await admin.PostAsync(Url("/ui/allowlist?path=docs&expires=30m"), null);

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var entry = await added.Json();
        Assert.Equal("docs", entry.GetProperty("path").GetString());
        Assert.Equal("dir", entry.GetProperty("type").GetString());
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(30), entry.GetProperty("expires_at").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, (await reader.Get("/file?path=docs/guide.md")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Get("/file?path=src/app.py")).StatusCode);
        Assert.Single(app.AuditLines("ALLOWLIST_ADD"));
        // The file holds the repository's real path: the entry allows nothing in another repository selected later.
        Assert.Contains(Path.Join(repo.Path, "docs"), File.ReadAllText(AllowlistPath(app)), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(AllowlistPath(app)));
        }

        app.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Get("/file?path=docs/guide.md")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(Url("/ui/allowlist?path=src/app.py&expires=1h"), null)).StatusCode);
        using var removed = await admin.DeleteAsync(Url("/ui/allowlist?path=src/app.py"));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Get("/file?path=src/app.py")).StatusCode);
        Assert.Single(app.AuditLines("ALLOWLIST_REMOVE"));
        // The expired docs entry went with the next write.
        Assert.DoesNotContain("docs", File.ReadAllText(AllowlistPath(app)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntriesOfOneRepository_DoNotAllowTheSamePathInAnother()
    {
        await using var app = new OrchestratorApp();
        app.With("ORCH_ALLOWLIST_REQUIRE", "true");
        var first = app.CreateRepo("first").Write("docs/a.md", "a\n");
        first.Commit();
        var second = app.CreateRepo("second").Write("docs/a.md", "b\n");
        second.Commit();
        using var admin = app.CreateClient(TestRole.Admin);
        await app.SelectAsync(first);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(Url("/ui/allowlist?path=docs"), null)).StatusCode);

        await app.SelectAsync(second);

        Assert.Empty((await (await admin.Get("/ui/allowlist")).Json()).GetProperty("paths").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient(TestRole.Actions).Get("/file?path=docs/a.md")).StatusCode);
    }

    [Fact]
    public async Task AddingAListedPath_SetsItsNewExpiry_WithoutADuplicate()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        await app.SelectAsync(await app.RepoWith(("a.txt", "a\n")));
        using var admin = app.CreateClient(TestRole.Admin);

        await admin.PostAsync(Url("/ui/allowlist?path=a.txt&expires=1h"), null);
        await admin.PostAsync(Url("/ui/allowlist?path=./a.txt&expires=7d"), null);

        var only = Assert.Single((await (await admin.Get("/ui/allowlist")).Json()).GetProperty("paths").EnumerateArray());
        Assert.Equal(app.Time.GetUtcNow().AddDays(7), only.GetProperty("expires_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task LegacyFile_IsRewrittenInTheCurrentFormat_KeepingItsEntries()
    {
        await using var app = new OrchestratorApp { UseFakeTime = true };
        app.With("ORCH_ALLOWLIST_TTL", "240");
        await app.SelectAsync(await app.RepoWith(("a.txt", "a\n"), ("b.txt", "b\n")));
        File.WriteAllText(AllowlistPath(app), $$"""{"timestamp": {{app.Time.GetUtcNow().ToUnixTimeSeconds()}}, "paths":["a.txt"]}""");
        using var admin = app.CreateClient(TestRole.Admin);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(Url("/ui/allowlist?path=b.txt"), null)).StatusCode);

        var paths = (await (await admin.Get("/ui/allowlist")).Json()).GetProperty("paths").EnumerateArray()
            .Select(p => p.GetProperty("path").GetString()!).Order().ToArray();
        Assert.Equal(["a.txt", "b.txt"], paths);
        using var file = JsonDocument.Parse(File.ReadAllText(AllowlistPath(app)));
        Assert.False(file.RootElement.TryGetProperty("timestamp", out _));
    }

    [Fact]
    public async Task MalformedFile_Is409_AndLeftAsItWas()
    {
        await using var app = new OrchestratorApp();
        await app.SelectAsync(await app.RepoWith(("a.txt", "a\n")));
        File.WriteAllText(AllowlistPath(app), "{ not json");
        using var admin = app.CreateClient(TestRole.Admin);

        using var response = await admin.PostAsync(Url("/ui/allowlist?path=a.txt"), null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("fix or delete it", await response.Detail(), StringComparison.Ordinal);
        Assert.Equal("{ not json", File.ReadAllText(AllowlistPath(app)));
    }

    [Fact]
    public async Task LinkAtTheFilePath_IsReplaced_NeverWrittenThrough()
    {
        await using var app = new OrchestratorApp();
        await app.SelectAsync(await app.RepoWith(("a.txt", "a\n")));
        using var outside = new TempDirectory("orch-outside");
        var victim = Path.Combine(outside.Path, "victim.json");
        File.WriteAllText(victim, """{"paths":[]}""");
        File.CreateSymbolicLink(AllowlistPath(app), victim);
        using var admin = app.CreateClient(TestRole.Admin);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(Url("/ui/allowlist?path=a.txt"), null)).StatusCode);

        Assert.Equal("""{"paths":[]}""", File.ReadAllText(victim));
        Assert.Null(new FileInfo(AllowlistPath(app)).LinkTarget);
    }

    [Theory]
    [InlineData("POST", "/ui/allowlist", HttpStatusCode.BadRequest, "Name the path")]
    [InlineData("POST", "/ui/allowlist?path=../other", HttpStatusCode.BadRequest, "leaves the active repository")]
    [InlineData("POST", "/ui/allowlist?path=/etc/passwd", HttpStatusCode.BadRequest, "relative")]
    [InlineData("POST", "/ui/allowlist?path=a%00b", HttpStatusCode.BadRequest, "The path must")]
    [InlineData("POST", "/ui/allowlist?path=missing.txt", HttpStatusCode.NotFound, "No file or folder")]
    [InlineData("POST", "/ui/allowlist?path=a.txt&expires=forever", HttpStatusCode.BadRequest, "'expires'")]
    [InlineData("DELETE", "/ui/allowlist?path=a.txt", HttpStatusCode.NotFound, "not on the allowlist")]
    public async Task BadRequests_AnswerWhatToFix(string method, string url, HttpStatusCode status, string detail)
    {
        await using var app = new OrchestratorApp();
        await app.SelectAsync(await app.RepoWith(("a.txt", "a\n")));
        using var admin = app.CreateClient(TestRole.Admin);

        using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), Url(url)));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, await response.Detail(), StringComparison.Ordinal);
        Assert.False(File.Exists(AllowlistPath(app)) && File.ReadAllText(AllowlistPath(app)).Contains("a.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutAnActiveRepository_Is409_AndReaderIs403()
    {
        await using var app = new OrchestratorApp();
        using var admin = app.CreateClient(TestRole.Admin);

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(Url("/ui/allowlist?path=a.txt"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient(TestRole.Actions).PostAsync(Url("/ui/allowlist?path=a.txt"), null)).StatusCode);
    }
}
